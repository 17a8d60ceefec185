"""Reads for disputes: which disputes a user may see, the list, the timeline and documents
as the user may see them, the dispute's open steps, who answers for the respondent, who
may mediate or sit on the panel, and the words shown after a step."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.common.working_days import working_days_between
from cases.disputes import kept
from cases.disputes.models import (
    Dispute,
    DisputeAnswer,
    DisputeProcess,
    DisputeStage,
)
from cases.register.models import (
    Compact,
    JointBodyMember,
    Mediator,
    Membership,
    Organisation,
    Signatory,
)
from cases.register.selectors import cited_commitments, compacts_of
from workflows import lines, navigation


def working_days_left(dispute: Dispute) -> int | None:
    if dispute.is_paused:
        return dispute.working_days_left_at_pause
    if dispute.due_on is None:
        return None
    return working_days_between(timezone.localdate(), dispute.due_on, dispute.compact.nation)


def dispute_answer(dispute: Dispute):
    """The respondent's answer (asked for, or given), or None before acceptance."""
    answers = (
        DisputeAnswer.objects.filter(dispute=dispute)
        .select_related("answered_by")
        .prefetch_related("accepted", "disputed")
        .order_by()[:1]  # one a dispute: nothing to order
    )
    return next(iter(answers), None)


def answer_days_left(answer) -> int | None:
    """Working days until the answer is due (negative once late), None once given."""
    if answer is None or answer.is_given:
        return None
    return working_days_between(timezone.localdate(), answer.due_on, answer.dispute.compact.nation)


def party_emails(dispute: Dispute) -> list[str]:
    """Everyone told about a dispute's progress: who raised it, and both organisations'
    contacts (or the organisation's own address where it has no contact here)."""
    emails = [dispute.raised_by.email] if dispute.raised_by_id else []
    for organisation in (dispute.complainant, dispute.respondent):
        contacts = [
            m.user.email
            for m in organisation.memberships.filter(is_contact=True).select_related("user")
        ]
        emails += contacts or [organisation.email]
    return [e for e in emails if e]


def message_recipients(dispute: Dispute, without_prejudice: bool) -> list[str]:
    """Who is told of a message: the parties, and the Champion (or, for a message without
    prejudice, the mediator instead: the Champion may not read it)."""
    emails = party_emails(dispute)
    if without_prejudice:
        if dispute.mediator_id:
            emails.append(dispute.mediator.user.email)
    else:
        if dispute.compact.champion_id:
            emails.append(dispute.compact.champion.email)
        if dispute.stage == DisputeStage.MEDIATION and dispute.mediator_id:
            emails.append(dispute.mediator.user.email)
    return sorted({e for e in emails if e})


def went_to_arbitration(dispute: Dispute) -> bool:
    """Mediation ended without agreement and the dispute went to a panel."""
    from cases.disputes.models import DisputeOutcome

    return dispute.stage == DisputeStage.ARBITRATION or (
        dispute.outcome in DisputeOutcome.arbitration_outcomes()
    )


class RecordsView(NamedTuple):
    """What a user may see of a dispute's records: whether material written without
    prejudice (in mediation), and which of its messages: "open" (none written without
    prejudice), "all", or once mediation has ended in arbitration "side:" followed by
    the user's sides ("c" the complainant's, "r" the respondent's): only those sides'."""

    without_prejudice: bool
    messages: str


def records_view(*, dispute, user) -> RecordsView:
    if not user.has_perm("cases.view_without_prejudice", dispute):
        return RecordsView(False, "open")
    if went_to_arbitration(dispute) and not (
        dispute.mediator_id and dispute.mediator.user_id == user.pk
    ):
        return RecordsView(True, f"side:{_sides_of(user, dispute)}")
    return RecordsView(True, "all")


def page_records(*, dispute, user) -> tuple[RecordsView, dict]:
    """What the user may see of the dispute's records, and those records as its page shows
    them (by name: cited, answer, remedies, timeline, documents, messages), kept between
    views for everyone who may see the same (`cases.disputes.kept`)."""
    view = records_view(dispute=dispute, user=user)
    records = kept.read(
        dispute,
        {
            # The commitments it cites, in the page's language.
            "cited": (get_language(), lambda: cited(dispute)),
            "answer": ("", lambda: dispute_answer(dispute)),
            "remedies": ("", lambda: dispute_remedies(dispute)),
            "timeline": (
                view.without_prejudice,
                lambda: dispute_timeline(dispute=dispute, user=user, view=view),
            ),
            "documents": (
                view.without_prejudice,
                lambda: dispute_documents(dispute=dispute, user=user, view=view),
            ),
            "messages": (
                view.messages,
                lambda: dispute_messages(dispute=dispute, user=user, view=view),
            ),
        },
    )
    return view, records


def _sees_without_prejudice(dispute, user, view: RecordsView | None) -> bool:
    if view is not None:
        return view.without_prejudice
    return user.has_perm("cases.view_without_prejudice", dispute)


def dispute_messages(*, dispute, user, view: RecordsView | None = None) -> list:
    """The dispute's messages this user may read (`view`, if already known), oldest first.
    Without-prejudice ones (written in mediation) are for the parties and the mediator
    only; once mediation has ended in arbitration, a party keeps only its own side's: what
    the other side offered in mediation is no longer before them."""
    view = view or records_view(dispute=dispute, user=user)
    messages = dispute.messages.select_related("author", "attachment")
    if view.messages == "open":
        return list(messages.filter(without_prejudice=False))
    if view.messages.startswith("side:"):
        side = _side_people(dispute, view.messages.removeprefix("side:"))
        messages = messages.filter(Q(without_prejudice=False) | Q(author__in=side))
    return list(messages)


def _sides_of(user, dispute: Dispute) -> str:
    """The user's sides of the dispute: "c" if they are of the complainant (a member, or
    who raised it), "r" if of the respondent."""
    sides = ""
    if Membership.objects.filter(user=user, organisation=dispute.complainant_id).exists() or (
        dispute.raised_by_id == user.pk
    ):
        sides += "c"
    if Membership.objects.filter(user=user, organisation=dispute.respondent_id).exists():
        sides += "r"
    return sides


def _side_people(dispute: Dispute, sides: str):
    """The people of these sides of the dispute (`_sides_of`): its organisation's members,
    and for the complainant whoever raised it, as a subquery."""
    from django.contrib.auth import get_user_model

    conditions = []
    if "c" in sides:
        conditions.append(
            Q(pk=dispute.raised_by_id) | Q(memberships__organisation=dispute.complainant_id)
        )
    if "r" in sides:
        conditions.append(Q(memberships__organisation=dispute.respondent_id))
    if not conditions:
        return get_user_model().objects.none().values("pk")
    return get_user_model().objects.filter(reduce(or_, conditions)).values("pk")


def respondent_emails(dispute: Dispute) -> list[str]:
    """Who is told what the respondent is asked: its contacts here, or its own address."""
    contacts = [
        m.user.email
        for m in dispute.respondent.memberships.filter(is_contact=True).select_related("user")
    ]
    return [e for e in contacts or [dispute.respondent.email] if e]


# Raising a dispute.


def drafts_of(user) -> list:
    """The user's own drafts of disputes, last saved first."""
    from cases.disputes.models import DisputeDraft

    if not user.is_authenticated:
        return []
    return list(
        DisputeDraft.objects.filter(author=user).only("pk", "title", "saved_at", "created_at")
    )


def draft_of(user, pk):
    """The user's draft with this id, or None: nobody else's drafts exist to them."""
    from cases.disputes.models import DisputeDraft

    return (
        DisputeDraft.objects.filter(pk=pk, author=user).first() if user.is_authenticated else None
    )


def _raisable(user):
    return Organisation.objects.filter(
        memberships__user=user, pk__in=Signatory.current.values("organisation")
    )


def may_raise(user) -> bool:
    """Whether any of the user's organisations has signed a compact."""
    return _raisable(user).exists()


def raisable_organisations(user) -> list[Organisation]:
    """The user's organisations that have signed at least one compact."""
    return list(_raisable(user))


def eligible_mediators(dispute: Dispute):
    """Active mediators on the compact's roster who work for neither party."""
    party_users = Membership.objects.filter(
        organisation__in=[dispute.complainant_id, dispute.respondent_id]
    ).values("user")
    return (
        Mediator.objects.filter(compact=dispute.compact, is_active=True)
        .exclude(user__in=party_users)
        .exclude(user=dispute.raised_by_id)
        .select_related("user")
    )


def eligible_panel_members(dispute: Dispute):
    """Joint body members who may sit: none from either party's organisation, nor anyone
    who works for either party, nor the mediator."""
    party_users = Membership.objects.filter(
        organisation__in=[dispute.complainant_id, dispute.respondent_id]
    ).values("user")
    seats = (
        dispute.compact.joint_body.exclude(
            organisation__in=[dispute.complainant_id, dispute.respondent_id]
        )
        .exclude(user__in=party_users)
        .exclude(user=dispute.raised_by_id)
        .select_related("user", "organisation")
    )
    if dispute.mediator_id:
        seats = seats.exclude(user=dispute.mediator.user_id)
    return seats


# Disputes.


def dispute_visibility(user, prefix: str = "") -> Q:
    """Who may see a dispute, as a condition on the dispute, or with `prefix` on a row that
    joins it (a task list): a party, the compact's Champion or joint body members, or its
    mediator. The one home of this rule for lists; `cases.view_dispute` says the same for
    one dispute. Each part is a condition on the row or an uncorrelated subquery, so no
    join multiplies rows and nothing needs DISTINCT. Nobody signed out sees any."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    organisations = Membership.objects.filter(user=user).values("organisation")
    seats = JointBodyMember.objects.filter(user=user).values("compact")
    return (
        Q(**{f"{prefix}raised_by": user})
        | Q(**{f"{prefix}complainant__in": organisations})
        | Q(**{f"{prefix}respondent__in": organisations})
        | Q(**{f"{prefix}compact__champion": user})
        | Q(**{f"{prefix}compact__in": seats})
        | Q(**{f"{prefix}mediator__user": user})
    )


def _ways_of_seeing(user) -> list[Q]:
    """Each way a user may see a dispute (`dispute_visibility`), as a condition that one
    index answers: as whoever raised it, a party's person, Champion or on the joint body,
    or as mediator. The user's organisations, compacts and mediator seats are named (as
    kept by `_roles_in_disputes`), and a way the user has no part in is left out."""
    roles = _roles_in_disputes(user)
    ways = [Q(raised_by=user)]
    if roles["organisations"]:
        ways += [
            Q(complainant__in=roles["organisations"]),
            Q(respondent__in=roles["organisations"]),
        ]
    if roles["compacts"]:
        ways.append(Q(compact__in=roles["compacts"]))
    if roles["mediators"]:
        ways.append(Q(mediator__in=roles["mediators"]))
    return ways


def _roles_in_disputes(user) -> dict[str, list[int]]:
    """The ids of the user's organisations, of the compacts they are Champion of or sit on
    the joint body of, and of their mediator seats: kept under the user's navigation
    generation, which moves on with any change to their memberships, seats or
    championships (`cases.register.signals`)."""
    key = f"disputes:roles:v1:{user.pk}:{navigation.generation(user)}"
    roles = cache.get(key)
    if roles is None:
        champion = Compact.objects.filter(champion=user).values_list("pk", flat=True)
        seats = JointBodyMember.objects.filter(user=user).values_list("compact", flat=True)
        roles = {
            "organisations": sorted(
                Membership.objects.filter(user=user).values_list("organisation", flat=True)
            ),
            "compacts": sorted({*champion, *seats}),
            "mediators": sorted(Mediator.objects.filter(user=user).values_list("pk", flat=True)),
        }
        cache.set(key, roles, navigation.TTL)
    return roles


def disputes_visible_to(user):
    """Every dispute the user may see (`dispute_visibility`), as one query, so lists page
    cheaply. The ways of seeing a dispute are read each from its own index (as a party's
    person, as Champion, on the joint body, as mediator) and put together (UNION), so the
    list costs what the user may see, not what the service holds; the OR of the same
    conditions made PostgreSQL read every dispute."""
    if not user.is_authenticated:
        return Dispute.objects.none()
    ids = [Dispute.objects.filter(way).order_by().values("pk") for way in _ways_of_seeing(user)]
    return Dispute.objects.filter(pk__in=ids[0].union(*ids[1:])).select_related(
        "compact", "complainant", "respondent"
    )


class VisibleIds:
    """The ids of the disputes a user may see, filtered and sorted, for a paginator, with
    no join back to every dispute: counted as the UNION of the ways of seeing them, and a
    page read by taking from each way, in order, only the rows up to that page's end, then
    merging those. Each way reads from its own index (a Champion's newest disputes from
    `dispute_by_compact_newest`)."""

    def __init__(self, user, conditions: Q, order: tuple[str, ...]):
        self.branches = (
            [Dispute.objects.filter(way, conditions).order_by() for way in _ways_of_seeing(user)]
            if user.is_authenticated
            else []
        )
        self.order = order

    def count(self) -> int:
        if not self.branches:
            return 0
        first, *rest = (branch.values("pk") for branch in self.branches)
        return first.union(*rest).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[int]:
        if not self.branches or not window.stop or window.stop <= (window.start or 0):
            return []
        fields = [name.lstrip("-") for name in self.order]
        branches = [branch.values_list("pk", *fields) for branch in self.branches]
        # SQLite (the embedded default) cannot limit the parts of a UNION: it reads them whole.
        if connection.features.supports_slicing_ordering_in_compound:
            branches = [branch.order_by(*self.order)[: window.stop] for branch in branches]
        first, *rest = branches
        merged = first.union(*rest).order_by(*self.order)[window.start : window.stop]
        return [row[0] for row in merged]


class CompactChoice(NamedTuple):
    slug: str
    area: str


def dispute_compacts(user) -> list[CompactChoice]:
    """The compacts the dispute list offers as a filter: those the user has a part in, and
    those of disputes their organisations are a party to (a respondent need not have
    signed). Kept while neither the user's roles and memberships (their navigation
    generation) nor any dispute, organisation or compact (the case lines' generation) has
    changed: three cache reads, not a query of three subqueries on every page."""
    key = f"disputes:compacts:v1:{user.pk}:{navigation.generation(user)}:{lines.generation()}"
    kept = cache.get(key)
    if kept is None:
        kept = [(c.slug, c.area) for c in _dispute_compacts(user)]
        cache.set(key, kept, lines.TTL)
    return [CompactChoice(*choice) for choice in kept]


def _dispute_compacts(user):
    organisations = Membership.objects.filter(user=user).values("organisation")
    complained = Dispute.objects.filter(complainant__in=organisations).values("compact")
    answered = Dispute.objects.filter(respondent__in=organisations).values("compact")
    return (
        Compact.objects.filter(
            Q(pk__in=compacts_of(user).values("pk")) | Q(pk__in=complained) | Q(pk__in=answered)
        )
        .only("slug", "area")
        .order_by("area")
    )


DISPUTE_SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "due": ("due_on", "created_at", "id"),
    "reference": ("reference",),
}


DISPUTE_RELATED = ("compact", "complainant", "respondent", "raised_by", "mediator__user")
# What deciding who may see a dispute reads of it (`cases.view_dispute`).
TO_DECIDE = ("compact", "mediator")


def visible_dispute(user, reference: str, *, related=DISPUTE_RELATED):
    """The dispute with this reference if the user may see it, else None: to the pages
    and the API alike a hidden dispute does not exist. Read with `related` (by default
    everything a dispute's page shows of it; `TO_DECIDE` is the least)."""
    # The reference is unique: the one row is not ordered (`first()`, or the model's
    # ordering, would make Django compare every column it selects with the order's).
    found = Dispute.objects.select_related(*related).filter(reference=reference[:20]).order_by()[:1]
    dispute = next(iter(found), None)
    if dispute is None or not user.has_perm("cases.view_dispute", dispute):
        return None
    return dispute


def whole(dispute):
    """The same dispute read again with everything its page shows of it
    (`DISPUTE_RELATED`), for a page read first with only what deciding needs."""
    return Dispute.objects.select_related(*DISPUTE_RELATED).order_by().get(pk=dispute.pk)


def _list_conditions(stage: str, compact: str) -> Q:
    conditions = Q()
    if stage == "open":
        conditions = Q(stage__in=DisputeStage.open_stages())
    elif stage in DisputeStage.values:
        conditions = Q(stage=stage)
    if compact:
        conditions &= Q(compact__slug=compact)
    return conditions


def dispute_list(*, user, stage: str = "", compact: str = "", sort: str = "newest"):
    disputes = disputes_visible_to(user).filter(_list_conditions(stage, compact))
    return disputes.order_by(*DISPUTE_SORTS.get(sort, DISPUTE_SORTS["newest"]))


def list_rows(ids) -> dict:
    """The disputes with these ids, by id, with only what the dispute list shows."""
    return (
        Dispute.objects.select_related("compact", "complainant", "respondent")
        .only(
            "reference",
            "subject",
            "what_happened",
            "stage",
            "due_on",
            "paused_at",
            "compact__area",
            "complainant__name",
            "respondent__name",
        )
        .order_by()  # by id: no order to compile
        .in_bulk(list(ids))
    )


def dispute_page_ids(*, user, stage: str = "", compact: str = "", sort: str = "newest"):
    """The ids of `dispute_list`'s disputes, in its order, to page (`VisibleIds`)."""
    return VisibleIds(
        user, _list_conditions(stage, compact), DISPUTE_SORTS.get(sort, DISPUTE_SORTS["newest"])
    )


def dispute_timeline(*, dispute, user, view: RecordsView | None = None):
    """The dispute's events this user may see (`view`, if already known), oldest first."""
    events = dispute.events.select_related("actor")
    if not _sees_without_prejudice(dispute, user, view):
        events = events.filter(without_prejudice=False)
    return list(events)


def dispute_documents(*, dispute, user, view: RecordsView | None = None):
    """The dispute's documents this user may see (`view`, if already known), oldest first."""
    documents = dispute.documents.select_related("uploaded_by")
    if not _sees_without_prejudice(dispute, user, view):
        documents = documents.filter(without_prejudice=False)
    return list(documents)


def addressees(dispute: Dispute) -> list[dict]:
    """Whom a letter on the dispute is addressed to: each party's contact here (for the
    complainant, whoever raised it if it has no contact), with the organisation's address;
    or the organisation alone where it has nobody here."""
    people = []
    for organisation in (dispute.complainant, dispute.respondent):
        membership = (
            Membership.objects.filter(organisation=organisation)
            .order_by("-is_contact", "pk")
            .select_related("user")
        )
        if organisation == dispute.complainant:
            membership = membership.filter(is_contact=True) or membership.filter(
                user=dispute.raised_by_id
            )
        contact = membership.first()
        people.append(
            {
                "name": (contact.user.get_full_name() or contact.user.username) if contact else "",
                "job_title": contact.job_title if contact else "",
                "organisation": organisation.name,
                "address": organisation.address,
                "postcode": organisation.postcode,
            }
        )
    return people


def contact_of(organisation):
    """An organisation's contact here, any member failing that, or None."""
    membership = (
        Membership.objects.filter(organisation=organisation)
        .order_by("-is_contact", "pk")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def dispute_remedies(dispute: Dispute) -> list:
    return list(dispute.remedies.select_related("owed_by", "done_by", "evidence"))


def respondent_contact(dispute: Dispute):
    """Who answers for the respondent: its contact here, any member, or failing both the
    Champion, who records the respondent's answer for it."""
    membership = (
        Membership.objects.filter(organisation=dispute.respondent)
        .order_by("-is_contact", "pk")
        .select_related("user")
        .first()
    )
    return membership.user if membership else dispute.compact.champion


# Reading tasks.


def open_tasks(dispute: Dispute):
    """The dispute's people's steps that are waiting to be done."""
    return (
        Task.objects.filter(
            process__in=DisputeProcess.objects.filter(dispute=dispute),
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("owner")
        .order_by("created")
    )


def stage_tasks(dispute: Dispute):
    """The open steps of the dispute's stage: all but the respondent's answer, which runs
    beside them on its own clock."""
    from cases.disputes.flow import DisputeFlow

    return open_tasks(dispute).exclude(flow_task=DisputeFlow.answer)


def task_dispute(task: Task) -> Dispute:
    return DisputeProcess.objects.select_related("dispute__compact").get(pk=task.process_id).dispute


def after_completion_message(dispute) -> str:
    if dispute.stage == DisputeStage.CLOSED:
        return _("Done. The dispute is closed: %(outcome)s.") % {
            "outcome": dispute.get_outcome_display().lower()
        }
    if dispute.stage == DisputeStage.WITHDRAWN:
        return _("Done. The dispute was withdrawn.")
    stage = dispute.get_stage_display().lower()
    if dispute.due_on:
        return _("Done. The dispute is at %(stage)s, due by %(date)s.") % {
            "stage": stage,
            "date": date_format(dispute.due_on, "j F Y"),
        }
    return _("Done. The dispute is at %(stage)s.") % {"stage": stage}


def open_from_source(name: str, pk: int) -> list[str]:
    """The references of the open disputes raised from one record of the service (an
    award challenged in its standstill): while any is open, that record is held."""
    return list(
        Dispute.objects.filter(
            source=name, source_pk=pk, stage__in=DisputeStage.open_stages()
        ).values_list("reference", flat=True)
    )


def cited(dispute: Dispute):
    """The commitments the dispute names, in the words they had when it was raised."""
    # Their compact (for their links) is the dispute's, already read with it.
    commitments = list(dispute.commitments.order_by())
    for commitment in commitments:
        if commitment.compact_id == dispute.compact_id:
            commitment.compact = dispute.compact
    return cited_commitments(commitments, dispute.created_at)
