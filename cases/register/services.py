"""Writes to the Compact register. Views, the admin actions and tests all come through here."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.common.formats import in_english
from cases.register.models import (
    AccessEvent,
    AuditEvent,
    Commitment,
    Compact,
    CompactVersion,
    Membership,
    Organisation,
    Signatory,
    SignatoryChange,
    SignupRequest,
)
from cases.register.references import next_reference
from cases.register.selectors import COMMITMENT_FIELDS, RULE_LABELS, rule_words
from workflows import registry
from workflows.notifications import notify

SIGNUP_FIELDS = (
    "organisation_name",
    "sector",
    "legal_form",
    "charity_number",
    "address",
    "postcode",
    "purpose",
    "contact_name",
    "contact_position",
    "contact_email",
    "contact_phone",
    "governing_body",
    "governing_body_agreed",
    "agrees_to_principles",
    "understands_not_binding",
    "contributions",
)

# The pledges of the sign-up pro forma (Swansea seed, "Signing Up"): each must be ticked.
SIGNUP_PLEDGES = {
    "governing_body_agreed": gettext_lazy(
        "Confirm that your governing body has agreed to adopt the Compact"
    ),
    "agrees_to_principles": gettext_lazy("Confirm that the organisation will uphold the Compact"),
    "understands_not_binding": gettext_lazy(
        "Confirm that you understand the Compact is not legally binding"
    ),
}


def audit_record(
    *, actor, action: str, obj: Any, compact: Compact | None = None, changes: dict | None = None
) -> AuditEvent:
    """Write one audit event; call inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        compact=compact,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def access_record(
    *, user, compact_id: int, kind: str, reference: str, what: str = "", via: str = "page"
) -> None:
    """Write who read a confidential record (`AccessEvent`): one insert, as it is shown."""
    AccessEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        compact_id=compact_id,
        kind=kind,
        reference=reference[:40],
        what=str(what)[:300],
        via=via,
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def organisation_create(*, name: str, sector: str, **details: Any) -> Organisation:
    organisation = Organisation(name=name, sector=sector, slug=_unique_slug(name), **details)
    organisation.full_clean()
    organisation.save()
    return organisation


def signup_request_submit(
    *, compact: Compact, user, submission_key: str, data: dict[str, Any]
) -> tuple[SignupRequest, bool]:
    """An organisation asks to sign `compact` (the sign-up pro forma).

    Returns the request and whether it is new: the same `submission_key` (one per filled-in
    form) returns the first request, so pressing submit twice makes one request.
    """
    missing = {field: message for field, message in SIGNUP_PLEDGES.items() if not data.get(field)}
    if missing:
        raise ValidationError(missing)
    existing = SignupRequest.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    user = user if user is not None and user.is_authenticated else None
    organisation = None
    if user is not None:
        organisation = Organisation.objects.filter(
            memberships__user=user, name__iexact=data["organisation_name"].strip()
        ).first()
    if organisation and Signatory.current.filter(compact=compact, organisation=organisation):
        raise ValidationError(
            {
                "organisation_name": _("%(organisation)s has already signed %(compact)s")
                % {"organisation": organisation, "compact": compact}
            }
        )
    try:
        with transaction.atomic():
            request = SignupRequest(
                compact=compact,
                reference=next_reference(compact=compact, kind="S"),
                submitted_by=user,
                organisation=organisation,
                submission_key=submission_key,
                **{field: data.get(field, "") for field in SIGNUP_FIELDS},
            )
            request.full_clean()
            request.save()
    except IntegrityError:
        # Another request with this key won the race: return that one.
        return SignupRequest.objects.get(submission_key=submission_key), False
    notify(
        to=[request.contact_email],
        template="signup_received",
        context={"request": request, "compact": compact},
    )
    if compact.champion and compact.champion.email:
        notify(
            to=[compact.champion.email],
            template="signup_for_champion",
            context={"request": request, "compact": compact},
        )
    return request, True


def _lock_pending(signup_request: SignupRequest) -> SignupRequest:
    locked = SignupRequest.objects.select_for_update().get(pk=signup_request.pk)
    if locked.status == SignupRequest.Status.APPROVED:
        raise ValidationError(_("This request was already approved; nothing was changed."))
    if locked.status != SignupRequest.Status.PENDING:
        raise ValidationError(_("This request was already declined; nothing was changed."))
    return locked


def signup_request_approve(
    *, signup_request: SignupRequest, by, signed_on: datetime.date | None = None
) -> Signatory:
    """The Champion approves a sign-up request: the organisation joins the register."""
    if not by.has_perm("cases.decide_signup_request", signup_request):
        raise PermissionDenied(_("Only the compact's Champion can decide sign-up requests."))
    with transaction.atomic():
        request = _lock_pending(signup_request)
        organisation = request.organisation
        if organisation is None:
            organisation = organisation_create(
                name=request.organisation_name,
                sector=request.sector,
                legal_form=request.legal_form,
                charity_number=request.charity_number,
                address=request.address,
                postcode=request.postcode,
                purpose=request.purpose,
                email=request.contact_email,
                phone=request.contact_phone,
            )
            request.organisation = organisation
        if request.submitted_by_id:
            Membership.objects.get_or_create(
                user_id=request.submitted_by_id,
                organisation=organisation,
                defaults={
                    "role": Membership.Role.ADMINISTRATOR,
                    "job_title": request.contact_position,
                    "is_contact": True,
                },
            )
        signed = {
            "signed_on": signed_on or timezone.localdate(),
            "signed_by_name": request.contact_name,
            "signed_by_position": request.contact_position,
        }
        signatory, created = Signatory.objects.select_for_update().get_or_create(
            compact=request.compact, organisation=organisation, defaults=signed
        )
        if created or signatory.left_on:
            # A former signatory that signs again is current from the new date.
            for name, value in {**signed, "left_on": None, "left_reason": ""}.items():
                setattr(signatory, name, value)
            signatory.renewed_on = None
            signatory.save()
            SignatoryChange.objects.create(
                signatory=signatory,
                kind=SignatoryChange.Kind.JOINED,
                on=signatory.signed_on,
                reason=f"Sign-up request {request.reference}",
                by=by,
            )
        request.approve(by=by, description="Added to the register of signatories")
        request.decided_by = by
        request.decided_at = timezone.now()
        request.save()
        notify(
            to=[request.contact_email],
            template="signup_approved",
            context={"request": request, "compact": request.compact, "signatory": signatory},
        )
    signup_request.refresh_from_db()
    return signatory


def signup_request_decline(*, signup_request: SignupRequest, by, reason: str) -> SignupRequest:
    """The Champion declines a sign-up request, giving the reason the applicant is told."""
    if not by.has_perm("cases.decide_signup_request", signup_request):
        raise PermissionDenied(_("Only the compact's Champion can decide sign-up requests."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason the request is declined")})
    with transaction.atomic():
        request = _lock_pending(signup_request)
        request.decline(by=by, description=reason)
        request.decided_by = by
        request.decided_at = timezone.now()
        request.decision_reason = reason
        request.save()
        notify(
            to=[request.contact_email],
            template="signup_declined",
            context={"request": request, "compact": request.compact},
        )
    signup_request.refresh_from_db()
    return request


# `title` and `text` are the English; `title_cy` and `text_cy` the Welsh beside them.
COMMITMENT_CHANGE_FIELDS = (
    "title",
    "text",
    "title_cy",
    "text_cy",
    "code",
    "undertaken_by",
    "source_section",
    "in_force",
)
WELSH_FIELDS = ("title_cy", "text_cy")


def compact_amend(
    *,
    compact: Compact,
    by,
    reason: str,
    rules: dict[str, Any] | None = None,
    terms: str | None = None,
    terms_cy: str | None = None,
    commitments: list[dict[str, Any]] | None = None,
    check: bool = True,
) -> CompactVersion | None:
    """Change a compact's rules, its joint body's terms of reference and its commitments
    at once, as its next version (who, when, why). `terms` is the English of the terms of
    reference and `terms_cy` the Welsh beside it. Each commitment is a dict with its
    `ref` and the fields that change (`title` and `text` in English, `title_cy` and
    `text_cy` in Welsh); a new ref adds a commitment, `in_force: False`
    takes one out (it is kept, for the cases that cite it). Returns the new version, or
    None when nothing changed. The history of every record changed is kept
    (django-simple-history), so any version can be read again and compared."""
    if check and not by.has_perm("cases.change_compact_rules", compact):
        raise PermissionDenied(
            _("Only the Champion or the joint body's chair can change the Compact.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the Compact is changing")})
    rules = rules or {}
    unknown = set(rules) - set(Compact.RULE_FIELDS)
    if unknown:
        raise ValidationError(_("Not a rule: %(names)s") % {"names": ", ".join(sorted(unknown))})
    # The English fields are read and written as English whatever the language of the
    # person making the change (django-modeltranslation reads `joint_body_terms` in the
    # active language); the Welsh by their own names.
    with transaction.atomic(), in_english():
        locked = Compact.objects.select_for_update().get(pk=compact.pk)
        if not locked.versions.exists():
            _first_version(locked)
        now = timezone.now()
        summary = []
        changed_rules = {
            name: value for name, value in rules.items() if getattr(locked, name) != value
        }
        for name, value in changed_rules.items():
            summary.append(_rule_change(name, getattr(locked, name), value))
            setattr(locked, name, value)
        english_changed = terms is not None and terms.strip() != locked.joint_body_terms
        if english_changed:
            locked.joint_body_terms = terms.strip()
            changed_rules["joint_body_terms"] = True
            summary.append("The joint body's terms of reference")
        if terms_cy is not None and terms_cy.strip() != (locked.joint_body_terms_cy or ""):
            locked.joint_body_terms_cy = terms_cy.strip()
            changed_rules["joint_body_terms_cy"] = True
            summary.append("The joint body's terms of reference in Welsh")
        elif english_changed and locked.joint_body_terms_cy:
            # The Welsh of the old words is not the Welsh of the new: cleared, so a Welsh
            # page shows the new English (marked as English) until it is translated again.
            locked.joint_body_terms_cy = ""
            summary.append("The joint body's terms of reference in Welsh, cleared until translated")
        if changed_rules:
            locked.full_clean()
            locked._change_reason, locked._history_user, locked._history_date = reason, by, now
            locked.save()
        summary += _amend_commitments(locked, commitments or [], by=by, reason=reason, now=now)
        if not summary:
            return None
        version = CompactVersion.objects.create(
            compact=locked,
            number=_next_number(locked),
            made_at=now,
            made_by=by if by is not None and by.is_authenticated else None,
            reason=reason,
            summary=summary,
        )
        audit_record(
            actor=by,
            action=f"made version {version.number} of",
            obj=locked,
            compact=locked,
            changes={"reason": reason, "what": summary},
        )
    compact.refresh_from_db()
    return version


def _rule_change(name: str, before, after) -> str:
    """One line of a version's summary. The summary is kept with the version, in the
    service's own language whoever makes the change, like the rest of its history."""
    with in_english():
        return f"{RULE_LABELS[name][0]}: {rule_words(name, before)} to {rule_words(name, after)}"


def _next_number(compact: Compact) -> int:
    last = compact.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _first_version(compact: Compact) -> CompactVersion:
    """The compact as it stood before its first change here: version 1, dated by the
    last change its history holds."""
    dates = [
        compact.history.order_by("-history_date").values_list("history_date", flat=True).first(),
        Commitment.history.filter(compact_id=compact.pk)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first(),
    ]
    made_at = max([d for d in dates if d is not None], default=compact.created_at)
    return CompactVersion.objects.create(
        compact=compact,
        number=1,
        made_at=made_at,
        reason="The Compact as first recorded in this service.",
        summary=[],
    )


def _amend_commitments(compact, changes, *, by, reason, now) -> list[str]:
    summary = []
    existing = {c.ref: c for c in compact.commitments.all()}
    # Changes to one commitment are made together: one history record each, per version.
    merged: dict[str, dict] = {}
    for change in changes:
        merged.setdefault((change.get("ref") or "").strip(), {}).update(change)
    for change in merged.values():
        ref = (change.get("ref") or "").strip()
        if not ref:
            raise ValidationError({"ref": _("Give the commitment's reference")})
        unknown = set(change) - {"ref", "position", *COMMITMENT_CHANGE_FIELDS}
        if unknown:
            raise ValidationError(
                _("Not a field of a commitment: %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        commitment = existing.get(ref)
        if commitment is None:
            commitment = Commitment(
                compact=compact,
                ref=ref,
                position=change.get(
                    "position", max([c.position for c in existing.values()], default=0) + 1
                ),
            )
            for name in COMMITMENT_CHANGE_FIELDS:
                if name in change:
                    setattr(commitment, name, _value(change, name))
            what = f"Added {ref}: {commitment.title}"
        else:
            fields = [
                name
                for name in COMMITMENT_CHANGE_FIELDS
                if name in change and _value(commitment, name) != _value(change, name)
            ]
            if not fields:
                continue
            for name in fields:
                setattr(commitment, name, _value(change, name))
            cleared = []
            for english, welsh in (("title", "title_cy"), ("text", "text_cy")):
                # New English with the old Welsh: the Welsh is cleared until translated
                # again, so a Welsh page never shows the old words as the current ones.
                if english in fields and welsh not in fields and _value(commitment, welsh):
                    setattr(commitment, welsh, "")
                    cleared.append(welsh)
            if fields == ["in_force"]:
                what = (
                    f"{'Restored' if commitment.in_force else 'Took out'} {ref}: {commitment.title}"
                )
            else:
                # Kept with the version in the service's own language (see `_rule_change`).
                with in_english():
                    words = ", ".join(
                        _lower_first(str(COMMITMENT_FIELDS.get(n, n))) for n in fields
                    )
                what = f"Changed {ref} ({words})"
                if cleared:
                    with in_english():
                        gone = ", ".join(_lower_first(str(COMMITMENT_FIELDS[n])) for n in cleared)
                    what += f"; {gone} cleared until translated"
        commitment.full_clean()
        commitment._change_reason, commitment._history_user = reason, by
        commitment._history_date = now
        commitment.save()
        existing[ref] = commitment
        summary.append(what)
    return summary


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


def _value(record, name):
    """A commitment's field, from the record or a change: Welsh not yet given is ""."""
    value = record.get(name) if isinstance(record, dict) else getattr(record, name)
    if name in WELSH_FIELDS:
        return (value or "").strip()
    return value


def compact_rules_update(*, compact: Compact, by, changes: dict[str, Any], reason: str) -> Compact:
    """Change a compact's rules (stage limits, consultation weeks, notice months...), as
    a new version of the Compact."""
    compact_amend(compact=compact, by=by, reason=reason, rules=changes)
    return compact


def signatory_renew(*, signatory: Signatory, by, on: datetime.date, note: str = "") -> Signatory:
    """A signatory renews its signature of the Compact (its governing body has agreed
    again); recorded by its administrators or the Champion."""
    _may_change_signature(signatory, by)
    with transaction.atomic():
        locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
        if locked.left_on:
            raise ValidationError(
                _(
                    "%(organisation)s left the Compact on %(date)s: it signs again through the "
                    "sign-up form."
                )
                % {
                    "organisation": locked.organisation,
                    "date": dateformat.format(locked.left_on, "j F Y"),
                }
            )
        _check_day(on, locked)
        locked.renewed_on = on
        locked.save(update_fields=["renewed_on"])
        SignatoryChange.objects.create(
            signatory=locked, kind=SignatoryChange.Kind.RENEWED, on=on, reason=note.strip(), by=by
        )
        audit_record(
            actor=by,
            action="renewed the signature of",
            obj=locked.organisation,
            compact=locked.compact,
            changes={"on": str(on)},
        )
    signatory.refresh_from_db()
    return signatory


def signatory_leave(*, signatory: Signatory, by, on: datetime.date, reason: str) -> Signatory:
    """A signatory leaves the Compact: it stays on the register as a former signatory,
    with the date and the reason."""
    _may_change_signature(signatory, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the organisation is leaving the Compact")})
    with transaction.atomic():
        locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
        if locked.left_on:
            raise ValidationError(
                _("%(organisation)s has already left the Compact.")
                % {"organisation": locked.organisation}
            )
        _check_day(on, locked)
        locked.left_on, locked.left_reason = on, reason
        locked.save(update_fields=["left_on", "left_reason"])
        SignatoryChange.objects.create(
            signatory=locked, kind=SignatoryChange.Kind.LEFT, on=on, reason=reason, by=by
        )
        audit_record(
            actor=by,
            action="recorded the leaving of",
            obj=locked.organisation,
            compact=locked.compact,
            changes={"on": str(on), "reason": reason},
        )
    signatory.refresh_from_db()
    return signatory


def _may_change_signature(signatory: Signatory, by) -> None:
    if not by.has_perm("cases.change_signature", signatory):
        raise PermissionDenied(
            _("Only the organisation's administrators or the compact's Champion can do this.")
        )


def _check_day(on: datetime.date, signatory: Signatory) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date must be today or in the past")})
    if on < signatory.signed_on:
        raise ValidationError(
            {
                "on": _("The date must be on or after it signed, %(date)s")
                % {"date": dateformat.format(signatory.signed_on, "j F Y")}
            }
        )


ORGANISATION_DETAIL_FIELDS = (
    "legal_form",
    "charity_number",
    "company_number",
    "address",
    "postcode",
    "email",
    "phone",
    "website",
    "purpose",
    "area_of_benefit",
    "beneficiaries",
    "year_established",
    "annual_income",
    "staff_count",
    "volunteer_count",
    "has_safeguarding_policy",
    "has_equality_policy",
)


def organisation_update(*, organisation: Organisation, by, data: dict[str, Any]) -> Organisation:
    """Update an organisation's core details, kept once for every application it makes."""
    if not by.has_perm("cases.change_organisation_details", organisation):
        raise PermissionDenied(_("Only the organisation's administrators can change its details."))
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        diff = {}
        for field in ORGANISATION_DETAIL_FIELDS:
            if field in data and getattr(locked, field) != data[field]:
                diff[field] = [str(getattr(locked, field)), str(data[field])]
                setattr(locked, field, data[field])
        locked.full_clean()
        if diff:
            locked.save()
            audit_record(actor=by, action="updated the details of", obj=locked, changes=diff)
    organisation.refresh_from_db()
    return organisation


# The joint body's queue.

JOINT_BODY_GROUP = "Joint body members"


def joint_body_group() -> Group:
    """The group through which joint body members take queued steps: it holds every
    permission that a kind of case's queued steps need."""
    group, _ = Group.objects.get_or_create(name=JOINT_BODY_GROUP)
    for name in registry.queue_permissions():
        app_label, codename = name.split(".", 1)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return group


def joint_body_membership_sync(user) -> None:
    """Put a user in the joint body group while they hold any joint body seat."""
    group = joint_body_group()
    if user.joint_body_seats.exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)
