"""Reads from the Compact register, shaped for the pages that show them."""

from __future__ import annotations

import datetime
import difflib
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.register.models import (
    Commitment,
    Compact,
    CompactVersion,
    JointBodyMember,
    Mediator,
    Membership,
    Sector,
    Signatory,
    SignupRequest,
)


def compact_list() -> QuerySet[Compact]:
    return Compact.objects.annotate(
        signatory_count=Count(
            "signatories", filter=Q(signatories__left_on__isnull=True), distinct=True
        ),
        commitment_count=Count("commitments", filter=Q(commitments__in_force=True), distinct=True),
    ).order_by("name")


SIGNATORY_SORTS = {
    "name": ("organisation__name",),
    "-name": ("-organisation__name",),
    "signed": ("signed_on", "organisation__name"),
    "-signed": ("-signed_on", "organisation__name"),
}


def signatory_list(
    *, compact: Compact, sector: str = "", query: str = "", sort: str = "name", status: str = ""
) -> QuerySet[Signatory]:
    """The register: current signatories (the default), former ones ("former") or all."""
    signatories = Signatory.objects.filter(compact=compact).select_related("organisation")
    if status == "former":
        signatories = signatories.filter(left_on__isnull=False)
    elif status != "all":
        signatories = signatories.filter(left_on__isnull=True)
    if sector in Sector.values:
        signatories = signatories.filter(organisation__sector=sector)
    if query:
        signatories = signatories.filter(organisation__name__icontains=query)
    return signatories.order_by(*SIGNATORY_SORTS.get(sort, SIGNATORY_SORTS["name"]))


def commitment_list(
    *, compact: Compact, code: str = "", undertaken_by: str = "", query: str = ""
) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(compact=compact, in_force=True)
    if code:
        commitments = commitments.filter(code=code)
    if undertaken_by:
        commitments = commitments.filter(undertaken_by=undertaken_by)
    if query:
        # In either language, whichever the page's.
        commitments = commitments.filter(
            Q(title_en_gb__icontains=query)
            | Q(text_en_gb__icontains=query)
            | Q(title_cy__icontains=query)
            | Q(text_cy__icontains=query)
            | Q(ref__iexact=query)
        )
    return commitments


@dataclass(frozen=True)
class JointBodyBalance:
    statutory: int
    vcs: int

    @property
    def is_equal(self) -> bool:
        return self.statutory == self.vcs

    @property
    def warning(self) -> str:
        if self.is_equal:
            return ""
        if self.statutory > self.vcs:
            return _(
                "Representation is not equal: %(more)s statutory sector members and "
                "%(fewer)s voluntary and community sector members. The Compact asks for "
                "equal representation from both sectors."
            ) % {"more": self.statutory, "fewer": self.vcs}
        return _(
            "Representation is not equal: %(more)s voluntary and community sector members "
            "and %(fewer)s statutory sector members. The Compact asks for equal "
            "representation from both sectors."
        ) % {"more": self.vcs, "fewer": self.statutory}


def joint_body_members(*, compact: Compact) -> QuerySet[JointBodyMember]:
    return compact.joint_body.select_related("user", "organisation").order_by(
        "organisation__sector", "user__last_name"
    )


def joint_body_balance(*, compact: Compact) -> JointBodyBalance:
    counts = dict(
        compact.joint_body.values_list("organisation__sector")
        .annotate(n=Count("id"))
        .values_list("organisation__sector", "n")
    )
    return JointBodyBalance(
        statutory=counts.get(Sector.STATUTORY, 0), vcs=counts.get(Sector.VCS, 0)
    )


def pending_signup_requests(*, compact: Compact) -> QuerySet[SignupRequest]:
    return compact.signup_requests.filter(status=SignupRequest.Status.PENDING).order_by(
        "created_at"
    )


def roles_for(user) -> list[str]:
    """Plain-English roles of a signed-in user, for the header and the account page."""
    if not user.is_authenticated:
        return []
    roles = [
        _("Champion, %(area)s") % {"area": c.area} for c in Compact.objects.filter(champion=user)
    ]
    for seat in user.joint_body_seats.select_related("compact"):
        words = {"body": seat.compact.joint_body_name, "area": seat.compact.area}
        if seat.is_chair:
            roles.append(_("%(body)s chair, %(area)s") % words)
        else:
            roles.append(_("%(body)s member, %(area)s") % words)
    roles += [
        _("Mediator, %(area)s") % {"area": m.compact.area}
        for m in user.mediator_for.select_related("compact")
    ]
    for membership in user.memberships.select_related("organisation"):
        words = {"organisation": membership.organisation}
        if membership.role == membership.Role.COMMISSIONER:
            roles.append(_("Commissioner, %(organisation)s") % words)
        elif membership.organisation.sector == Sector.VCS:
            roles.append(_("Member, %(organisation)s") % words)
        else:
            roles.append(_("Officer, %(organisation)s") % words)
    for seat in user.data_protection_for.select_related("compact"):
        if seat.compact is None:
            roles.append(_("Data protection officer for the whole service"))
        else:
            roles.append(_("Data protection officer, %(area)s") % {"area": seat.compact.area})
    if user.is_staff and not roles:
        roles.append(_("Service administrator"))
    return roles


def mail_languages(compact_ids) -> dict[int, tuple[str, ...]]:
    """The languages of each compact's e-mails and letters, by id, in one query."""
    return {
        pk: Compact(languages=languages).mail_languages
        for pk, languages in Compact.objects.filter(pk__in=compact_ids).values_list(
            "pk", "languages"
        )
    }


def compacts_of(user):
    """The compacts the user has a part in: as Champion, on the joint body, as a
    mediator, or through an organisation that has signed. Each by its own small subquery
    (one query with joins across all four is slow with many compacts)."""
    if user.is_superuser:
        return Compact.objects.all()
    organisations = Membership.objects.filter(user=user).values("organisation")
    return Compact.objects.filter(
        Q(champion=user)
        | Q(pk__in=JointBodyMember.objects.filter(user=user).values("compact"))
        | Q(pk__in=Mediator.objects.filter(user=user).values("compact"))
        | Q(pk__in=Signatory.objects.filter(organisation__in=organisations).values("compact"))
    )


# Versions of a compact: what its commitments, rules and terms of reference said when.

# Each rule: its label, and its value in words (`%(value)s` is the number; "" for a yes/no rule).
WORKING_DAYS = gettext_lazy("%(value)s working days")
RULE_LABELS = {
    "triage_days": (gettext_lazy("Champion's first look at a new dispute"), WORKING_DAYS),
    "answer_days": (gettext_lazy("The respondent's answer to a dispute"), WORKING_DAYS),
    "informal_stage_days": (gettext_lazy("Informal resolution of a dispute"), WORKING_DAYS),
    "mediation_stage_days": (gettext_lazy("Mediation"), WORKING_DAYS),
    "arbitration_stage_days": (gettext_lazy("Arbitration"), WORKING_DAYS),
    "reminder_working_days": (gettext_lazy("Reminders go before a due date"), WORKING_DAYS),
    "min_consultation_weeks": (
        gettext_lazy("Written consultations last at least"),
        gettext_lazy("%(value)s weeks"),
    ),
    "consultation_expected": (gettext_lazy("A consultation before every funding opportunity"), ""),
    "publish_winning_score": (gettext_lazy("Result letters give the winning score"), ""),
    "min_bid_window_days": (
        gettext_lazy("Bid windows last at least"),
        gettext_lazy("%(value)s days"),
    ),
    "min_notice_months": (
        gettext_lazy("Notice before funding ends or falls"),
        gettext_lazy("%(value)s months"),
    ),
    "preferred_term_years": (
        gettext_lazy("Preferred length of funding"),
        gettext_lazy("%(value)s years"),
    ),
    "standstill_working_days": (gettext_lazy("Standstill after an award"), WORKING_DAYS),
}

COMMITMENT_FIELDS = {
    "title": gettext_lazy("Title"),
    "text": gettext_lazy("Text"),
    "title_cy": gettext_lazy("Title in Welsh"),
    "text_cy": gettext_lazy("Text in Welsh"),
    "code": gettext_lazy("Code of practice"),
    "undertaken_by": gettext_lazy("Given by"),
    "in_force": gettext_lazy("In force"),
}


def rule_words(field_name: str, value) -> str:
    """A rule's value in words: "20 working days", "Yes"."""
    words = RULE_LABELS[field_name][1]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(words) % {"value": value} if words else str(value)


def version_at(compact: Compact, when: datetime.datetime) -> CompactVersion | None:
    """The version of the compact in force at a moment: the last one made by then."""
    return compact.versions.filter(made_at__lte=when).order_by("-number").first()


def commitments_as_at(commitment_ids, when: datetime.datetime, *, now=None) -> dict:
    """The commitments as they stood at a moment, by id (a commitment with no history
    from before then is given as it is now: from `now`, {id: commitment} already read, or
    read here)."""
    ids = list(commitment_ids)
    then = {c.pk: c for c in _history_as_at(ids, when)}
    missing = [pk for pk in ids if pk not in then]
    known = now or {}
    then.update({pk: known[pk] for pk in missing if pk in known})
    missing = [pk for pk in missing if pk not in then]
    if missing:
        then.update({c.pk: c for c in Commitment.objects.filter(pk__in=missing)})
    return then


# The history of a moment long enough past is settled: records are only ever added to it,
# dated when they are made. A moment closer than this may still gain a record from a
# change committed late, so it is read every time.
SETTLED = datetime.timedelta(hours=1)
HISTORY_KEPT_FOR = 60 * 60 * 24


def _history_as_at(ids: list[int], when: datetime.datetime) -> list:
    """The history's record of each of these commitments as it stood at a moment (none for
    one with no record from before then). A settled moment's records are kept."""
    if not ids:
        return []

    def read():
        # The history's own key is `history_id`; `id` is the commitment's.
        return list(Commitment.history.as_of(when).filter(id__in=ids))

    if timezone.now() - when < SETTLED:
        return read()
    wanted = ",".join(str(pk) for pk in sorted(set(ids)))
    digest = hashlib.blake2b(wanted.encode(), digest_size=16).hexdigest()
    key = f"register:as-at:v1:{when.isoformat()}:{digest}"
    kept = cache.get(key)
    if kept is None:
        kept = read()
        cache.set(key, kept, HISTORY_KEPT_FOR)
    return kept


@dataclass
class Cited:
    """A commitment as a case cites it: its words when the case was raised, and whether
    they have changed since."""

    ref: str
    title: str
    text: str
    url: str
    as_at: datetime.datetime
    changed_since: bool
    in_force: bool
    title_cy: str = ""  # the Welsh, where it has been given (the page's `lang` follows it)
    text_cy: str = ""


def cited_commitments(commitments, when: datetime.datetime) -> list[Cited]:
    """Commitments as they stood when a case (dispute, departure) was raised."""
    current = list(commitments)
    then = commitments_as_at([c.pk for c in current], when, now={c.pk: c for c in current})
    cited = []
    for commitment in sorted(current, key=lambda c: (c.position, c.ref)):
        old = then.get(commitment.pk, commitment)
        cited.append(
            Cited(
                ref=old.ref,
                title=old.title,
                text=old.text,
                url=commitment.get_absolute_url(),
                as_at=when,
                # The English words are the Compact's own: a translation added or
                # corrected later is not a change of the commitment.
                changed_since=(old.title_en_gb, old.text_en_gb)
                != (commitment.title_en_gb, commitment.text_en_gb),
                in_force=commitment.in_force,
                title_cy=old.title_cy or "",
                text_cy=old.text_cy or "",
            )
        )
    return cited


@dataclass
class CompactAsAt:
    """A compact as one version of it stood."""

    version: CompactVersion
    rules: list[tuple[str, str]]  # (label, value in words)
    terms: str  # in the page's language (or the English where there is no Welsh)
    commitments: list  # historical instances, in force then, in order
    compact: Compact | None = None  # as it stood then (both languages of its words)


def compact_as_at(version: CompactVersion) -> CompactAsAt:
    compact = version.compact.history.as_of(version.made_at)
    commitments = sorted(
        (
            c
            for c in Commitment.history.as_of(version.made_at).filter(compact_id=version.compact_id)
            if c.in_force
        ),
        key=lambda c: (c.position, c.ref),
    )
    return CompactAsAt(
        version=version,
        rules=[
            (label, rule_words(name, getattr(compact, name)))
            for name, (label, _words) in RULE_LABELS.items()
        ],
        terms=compact.joint_body_terms,
        commitments=commitments,
        compact=compact,
    )


def words_diff(old: str, new: str) -> str:
    """Two texts' difference word by word, as HTML with <del> and <ins>."""
    a, b = (old or "").split(), (new or "").split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 - every piece of text is escaped above


@dataclass
class Difference:
    """What changed between two versions of a compact, in words."""

    older: CompactVersion
    newer: CompactVersion
    rules: list[tuple[str, str, str]] = field(default_factory=list)  # label, from, to
    terms: str = ""  # the terms of reference's difference (HTML), if they changed
    terms_cy: str = ""  # and their Welsh's
    added: list = field(default_factory=list)  # commitments
    withdrawn: list = field(default_factory=list)
    # (commitment, [(label, diff HTML, the words' language or None)])
    changed: list[tuple] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.rules
            or self.terms
            or self.terms_cy
            or self.added
            or self.withdrawn
            or self.changed
        )


# The language of a commitment's words, for the `lang` of their difference.
WORDS_LANG = {"title": "en-GB", "text": "en-GB", "title_cy": "cy", "text_cy": "cy"}


def _commitment_value(commitment, name):
    if name == "in_force":
        return _("Yes") if commitment.in_force else _("No")
    if name in ("title", "text"):  # the English, whatever the language of the page
        return getattr(commitment, f"{name}_en_gb") or ""
    display = getattr(commitment, f"get_{name}_display", None)
    return display() if display else (getattr(commitment, name) or "")


def version_difference(older: CompactVersion, newer: CompactVersion) -> Difference:
    """What changed in a compact from one version to another."""
    diff = Difference(older=older, newer=newer)
    compact_a = older.compact.history.as_of(older.made_at)
    compact_b = newer.compact.history.as_of(newer.made_at)
    for name, (label, _words) in RULE_LABELS.items():
        before, after = getattr(compact_a, name), getattr(compact_b, name)
        if before != after:
            diff.rules.append((label, rule_words(name, before), rule_words(name, after)))
    terms = (("terms", "joint_body_terms_en_gb"), ("terms_cy", "joint_body_terms_cy"))
    for name, attribute in terms:
        before, after = getattr(compact_a, attribute) or "", getattr(compact_b, attribute) or ""
        if before != after:
            setattr(diff, name, words_diff(before, after))
    every_a = {
        c.pk: c for c in Commitment.history.as_of(older.made_at).filter(compact_id=older.compact_id)
    }
    every_b = {
        c.pk: c for c in Commitment.history.as_of(newer.made_at).filter(compact_id=newer.compact_id)
    }
    for pk, new in sorted(every_b.items(), key=lambda item: (item[1].position, item[1].ref)):
        old = every_a.get(pk)
        if old is None or (not old.in_force and new.in_force):
            if new.in_force:
                diff.added.append(new)
            continue
        if old.in_force and not new.in_force:
            diff.withdrawn.append(new)
            continue
        changes = []
        for name, label in COMMITMENT_FIELDS.items():
            if name == "in_force":
                continue
            before, after = _commitment_value(old, name), _commitment_value(new, name)
            if before != after:
                changes.append((label, words_diff(str(before), str(after)), WORDS_LANG.get(name)))
        if changes and new.in_force:
            diff.changed.append((new, changes))
    return diff


class RulesOverTime:
    """A compact's rules as they stood at any moment, from its history read once (for a
    report that asks about many moments)."""

    def __init__(self, compact: Compact):
        self.compact = compact
        # As compacts (with their methods), built from each history record.
        self.records = [
            (record.history_date, record.instance)
            for record in compact.history.order_by("history_date", "history_id")
        ]

    def at(self, when: datetime.datetime | datetime.date):
        """The compact as it stood at `when` (a date: its end); the compact as it is now
        when its history starts later."""
        if not isinstance(when, datetime.datetime):
            when = timezone.make_aware(datetime.datetime.combine(when, datetime.time.max))
        found = None
        for moment, instance in self.records:
            if moment > when:
                break
            found = instance
        return found or self.compact
