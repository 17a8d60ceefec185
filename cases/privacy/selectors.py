"""What the data protection pages read: the access log, and the compacts a data protection
officer answers for."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cases.commissioning.models import Bid
from cases.disputes.models import Dispute
from cases.register.models import AccessEvent, Compact, DataProtectionOfficer

SORTS = {"newest": ("-at", "-id"), "oldest": ("at", "id")}


def officer_compacts(user) -> QuerySet[Compact] | None:
    """The compacts the user answers for as data protection officer: None for none, every
    compact for the whole service's officer."""
    if not user.is_authenticated:
        return None
    seats = DataProtectionOfficer.objects.filter(user=user)
    if seats.filter(compact__isnull=True).exists():
        return Compact.objects.all()
    ids = list(seats.values_list("compact_id", flat=True))
    return Compact.objects.filter(pk__in=ids) if ids else None


def is_service_officer(user) -> bool:
    return (
        user.is_authenticated
        and DataProtectionOfficer.objects.filter(user=user, compact__isnull=True).exists()
    )


def access_log(
    *,
    compacts,
    reference: str = "",
    person: str = "",
    kind: str = "",
    sort: str = "newest",
) -> QuerySet[AccessEvent]:
    """Who looked at what, newest first, in the given compacts."""
    events = AccessEvent.objects.filter(compact__in=compacts).select_related("user", "compact")
    if reference:
        events = events.filter(reference__iexact=reference)
    if person:
        events = events.filter(
            Q(user__username__iexact=person)
            | Q(user__last_name__iexact=person)
            | Q(user__email__iexact=person)
        )
    if kind:
        events = events.filter(kind=kind)
    return events.order_by(*SORTS.get(sort, SORTS["newest"]))


def people_matching(words: str, compacts):
    """People the officer may answer for whose username, e-mail or surname is `words`."""
    words = words.strip()
    found = (
        get_user_model()
        .objects.filter(
            Q(username__iexact=words) | Q(email__iexact=words) | Q(last_name__iexact=words)
        )
        .order_by("last_name", "username")[:50]
    )
    return [person for person in found if person_known(person, compacts)]


def person_known(person, compacts) -> bool:
    """Whether the person has any record or role in the officer's compacts."""
    if compacts is None:
        return True
    return (
        Dispute.objects.filter(compact__in=compacts)
        .filter(Q(raised_by=person) | Q(answer__answered_by=person))
        .exists()
        or person.joint_body_seats.filter(compact__in=compacts).exists()
        or person.mediator_for.filter(compact__in=compacts).exists()
        or person.champion_of.filter(pk__in=compacts).exists()
        or person.memberships.filter(organisation__signatures__compact__in=compacts).exists()
        or Bid.objects.filter(created_by=person, exercise__compact__in=compacts).exists()
    )
