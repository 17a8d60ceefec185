"""Writes to the Compact register. Views, the admin actions and tests all come through here."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.register.models import (
    AuditEvent,
    Compact,
    Membership,
    Organisation,
    Signatory,
    SignupRequest,
)
from cases.register.references import next_reference
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
    "governing_body_agreed": "Confirm that your governing body has agreed to adopt the Compact",
    "agrees_to_principles": "Confirm that the organisation will uphold the Compact",
    "understands_not_binding": "Confirm that you understand the Compact is not legally binding",
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
    if organisation and Signatory.objects.filter(compact=compact, organisation=organisation):
        raise ValidationError({"organisation_name": f"{organisation} has already signed {compact}"})
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
    if locked.status != SignupRequest.Status.PENDING:
        raise ValidationError(
            f"This request was already {locked.get_status_display().lower()}; nothing was changed."
        )
    return locked


def signup_request_approve(
    *, signup_request: SignupRequest, by, signed_on: datetime.date | None = None
) -> Signatory:
    """The Champion approves a sign-up request: the organisation joins the register."""
    if not by.has_perm("cases.decide_signup_request", signup_request):
        raise PermissionDenied("Only the compact's Champion can decide sign-up requests.")
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
        signatory, _ = Signatory.objects.get_or_create(
            compact=request.compact,
            organisation=organisation,
            defaults={
                "signed_on": signed_on or timezone.localdate(),
                "signed_by_name": request.contact_name,
                "signed_by_position": request.contact_position,
            },
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
        raise PermissionDenied("Only the compact's Champion can decide sign-up requests.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason the request is declined"})
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


def compact_rules_update(*, compact: Compact, by, changes: dict[str, int]) -> Compact:
    """Change a compact's rules (stage limits, consultation weeks, notice months...)."""
    if not by.has_perm("cases.change_compact_rules", compact):
        raise PermissionDenied("Only the Champion or the joint body's chair can change rules.")
    unknown = set(changes) - set(Compact.RULE_FIELDS)
    if unknown:
        raise ValidationError(f"Not a rule: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Compact.objects.select_for_update().get(pk=compact.pk)
        diff = {
            field: [getattr(locked, field), value]
            for field, value in changes.items()
            if getattr(locked, field) != value
        }
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean()
        if diff:
            locked.save(update_fields=[*diff, "updated_at"])
            audit_record(
                actor=by, action="changed the rules of", obj=locked, compact=locked, changes=diff
            )
    compact.refresh_from_db()
    return compact


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
        raise PermissionDenied("Only the organisation's administrators can change its details.")
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
