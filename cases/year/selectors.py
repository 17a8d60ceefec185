"""Reads for the Compact's year, shaped for its pages and the API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.register.models import Compact, Membership, Organisation, Sector, Signatory
from cases.year.models import CLOSED_STATUSES, ActionPlanItem, ActionStatus, ImpactAssessment

ACTION_SORTS = {
    "target": ("target_date", "id"),
    "-target": ("-target_date", "-id"),
    "status": ("status", "target_date", "id"),
}


def action_plan(
    *, compact: Compact, status: str = "", term: str = "", sort: str = "target"
) -> QuerySet[ActionPlanItem]:
    actions = compact.action_plan.select_related("lead_person", "lead_organisation", "commitment")
    if status == "open":
        actions = actions.exclude(status__in=CLOSED_STATUSES)
    elif status == "late":
        actions = actions.exclude(status__in=CLOSED_STATUSES).filter(
            target_date__lt=timezone.localdate()
        )
    elif status in ActionStatus.values:
        actions = actions.filter(status=status)
    if term:
        actions = actions.filter(term=term)
    return actions.order_by(*ACTION_SORTS.get(sort, ACTION_SORTS["target"]))


def action_counts(compact: Compact) -> dict[str, int]:
    """How many of the compact's actions stand at each status, and how many are late."""
    counts = dict(
        compact.action_plan.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    late = (
        compact.action_plan.exclude(status__in=CLOSED_STATUSES)
        .filter(target_date__lt=timezone.localdate())
        .count()
    )
    return {
        **{status: counts.get(status, 0) for status in ActionStatus.values},
        "late": late,
        "total": sum(counts.values()),
    }


def possible_leads(compact: Compact):
    """Who may be named to lead an action: the Champion, the joint body, and the people
    of the compact's current signatories."""
    organisations = Signatory.current.filter(compact=compact).values("organisation")
    return (
        get_user_model()
        .objects.filter(
            Q(pk=compact.champion_id)
            | Q(joint_body_seats__compact=compact)
            | Q(pk__in=Membership.objects.filter(organisation__in=organisations).values("user"))
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def impact_assessments(*, compact: Compact, query: str = "") -> QuerySet[ImpactAssessment]:
    found = compact.impact_assessments.select_related("organisation").prefetch_related(
        "commitments"
    )
    if query:
        found = found.filter(Q(title__icontains=query) | Q(organisation__name__icontains=query))
    return found.order_by("-created_at", "-id")


def statutory_organisations_of(user, compact: Compact):
    """The statutory signatories of the compact the user acts for (for whom they may
    record an impact assessment)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        sector=Sector.STATUTORY,
        pk__in=Signatory.current.filter(compact=compact).values("organisation"),
    ).order_by("name")
