"""Reads from the Compact register, shaped for the pages that show them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cases.register.models import (
    Commitment,
    Compact,
    JointBodyMember,
    Mediator,
    Membership,
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
