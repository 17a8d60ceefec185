"""Reads from the Compact register, shaped for the pages that show them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cases.models import (
    Commitment,
    Compact,
    JointBodyMember,
    Sector,
    Signatory,
    SignupRequest,
)


def compact_list() -> QuerySet[Compact]:
    return Compact.objects.annotate(
        signatory_count=Count("signatories", distinct=True),
        commitment_count=Count("commitments", distinct=True),
    ).order_by("name")


SIGNATORY_SORTS = {
    "name": ("organisation__name",),
    "-name": ("-organisation__name",),
    "signed": ("signed_on", "organisation__name"),
    "-signed": ("-signed_on", "organisation__name"),
}


def signatory_list(
    *, compact: Compact, sector: str = "", query: str = "", sort: str = "name"
) -> QuerySet[Signatory]:
    signatories = Signatory.objects.filter(compact=compact).select_related("organisation")
    if sector in Sector.values:
        signatories = signatories.filter(organisation__sector=sector)
    if query:
        signatories = signatories.filter(organisation__name__icontains=query)
    return signatories.order_by(*SIGNATORY_SORTS.get(sort, SIGNATORY_SORTS["name"]))


def commitment_list(
    *, compact: Compact, code: str = "", undertaken_by: str = "", query: str = ""
) -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(compact=compact)
    if code:
        commitments = commitments.filter(code=code)
    if undertaken_by:
        commitments = commitments.filter(undertaken_by=undertaken_by)
    if query:
        commitments = commitments.filter(
            Q(title__icontains=query) | Q(text__icontains=query) | Q(ref__iexact=query)
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
        more, fewer = (
            ("statutory", "voluntary and community")
            if self.statutory > self.vcs
            else ("voluntary and community", "statutory")
        )
        return (
            f"Representation is not equal: {max(self.statutory, self.vcs)} {more} sector "
            f"members and {min(self.statutory, self.vcs)} {fewer} sector members. "
            "The Compact asks for equal representation from both sectors."
        )


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
    roles = [f"Champion, {c.area}" for c in Compact.objects.filter(champion=user)]
    for seat in user.joint_body_seats.select_related("compact"):
        title = "chair" if seat.is_chair else "member"
        roles.append(f"{seat.compact.joint_body_name} {title}, {seat.compact.area}")
    roles += [f"Mediator, {m.compact.area}" for m in user.mediator_for.select_related("compact")]
    for membership in user.memberships.select_related("organisation"):
        if membership.role == membership.Role.COMMISSIONER:
            roles.append(f"Commissioner, {membership.organisation}")
        elif membership.organisation.sector == Sector.VCS:
            roles.append(f"Member, {membership.organisation}")
        else:
            roles.append(f"Officer, {membership.organisation}")
    if user.is_staff and not roles:
        roles.append("Service administrator")
    return roles


# Disputes.


def disputes_visible_to(user):
    """Every dispute the user may see: as a party, as the compact's Champion or joint body
    member, or as its mediator. Built as one query, so lists page cheaply."""
    from cases.models import Dispute

    if not user.is_authenticated:
        return Dispute.objects.none()
    organisations = user.memberships.values("organisation")
    return (
        Dispute.objects.filter(
            Q(raised_by=user)
            | Q(complainant__in=organisations)
            | Q(respondent__in=organisations)
            | Q(compact__champion=user)
            | Q(compact__joint_body__user=user)
            | Q(mediator__user=user)
        )
        .distinct()
        .select_related("compact", "complainant", "respondent")
    )


DISPUTE_SORTS = {
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "due": ("due_on", "created_at"),
    "reference": ("reference",),
}


def dispute_list(*, user, stage: str = "", compact: str = "", sort: str = "newest"):
    from cases.models import DisputeStage

    disputes = disputes_visible_to(user)
    if stage == "open":
        disputes = disputes.filter(stage__in=DisputeStage.open_stages())
    elif stage in DisputeStage.values:
        disputes = disputes.filter(stage=stage)
    if compact:
        disputes = disputes.filter(compact__slug=compact)
    return disputes.order_by(*DISPUTE_SORTS.get(sort, DISPUTE_SORTS["newest"]))


def dispute_timeline(*, dispute, user):
    """The dispute's events this user may see, oldest first."""
    events = dispute.events.select_related("actor")
    if not user.has_perm("cases.view_without_prejudice", dispute):
        events = events.filter(without_prejudice=False)
    return list(events)


def dispute_documents(*, dispute, user):
    documents = dispute.documents.select_related("uploaded_by")
    if not user.has_perm("cases.view_without_prejudice", dispute):
        documents = documents.filter(without_prejudice=False)
    return list(documents)
