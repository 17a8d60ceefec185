"""Alerts: following opportunities and consultations, and telling the followers when a
matching one opens, changes or is cancelled. Each e-mail carries a link that stops the
alert in one click (a signed token, no sign-in needed)."""

from __future__ import annotations

import datetime
import re

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.commissioning.models import Alert, Exercise, ExerciseStage, FundingType
from cases.common.services import refuse
from workflows.notifications import Message, notify_all

SALT = "commissioning.alert.stop"
MAX_ALERTS = 20


def stop_token(alert: Alert) -> str:
    return signing.dumps(alert.pk, salt=SALT, compress=True)


def alert_from_token(token: str) -> Alert | None:
    """The alert a stop link names, or None for a link that is not one of ours."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return Alert.objects.select_related("compact").filter(pk=pk).first()


@transaction.atomic
def alert_create(*, by, compact=None, funding_type: str = "", keywords: str = "") -> Alert:
    if by.alerts.count() >= MAX_ALERTS:
        refuse(
            _("You can have up to %(number)s alerts. Stop one you no longer need first.")
            % {"number": MAX_ALERTS}
        )
    if funding_type and funding_type not in FundingType.values:
        refuse(_("Choose a kind of funding"), "funding_type")
    # Words, lower case, each once: "Carers, respite" and "carers respite" are one alert.
    words = dict.fromkeys(w for w in re.split(r"[,\s]+", (keywords or "").lower()) if w)
    keywords = ", ".join(words)[:200]
    alert, created = Alert.objects.get_or_create(
        user=by, compact=compact, funding_type=funding_type, keywords=keywords
    )
    if not created:
        refuse(_("You already have that alert."))
    return alert


def alert_stop(*, alert: Alert) -> None:
    alert.delete()


# What happened to an exercise, for the e-mail's first line.
EVENTS = {
    "consultation": gettext_lazy("A consultation has opened"),
    "tender": gettext_lazy("A funding opportunity has opened"),
    "amended": gettext_lazy("An opportunity you may be following has changed"),
    "cancelled": gettext_lazy("An opportunity or consultation has been cancelled"),
    "bids_closed": gettext_lazy("An opportunity has closed for bids"),
    "consultation_closed": gettext_lazy("A consultation has closed"),
}

# Closings are told for a couple of days after they happen, never for old ones (a service
# that has just started telling of closings does not tell of last year's).
CLOSED_WITHIN = datetime.timedelta(days=2)


@transaction.atomic
def alert_closings(*, now=None) -> str:
    """Tell followers of the opportunities and consultations that have closed since the
    last round, each once. Run by the timer loop (`cases/wiring.py`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed = Exercise.objects.select_for_update(skip_locked=True).select_related(
        "compact", "commissioner"
    )
    bids = list(
        closed.filter(
            bids_closed_alerted_at=None,
            bids_close_at__lte=now,
            bids_close_at__gt=now - CLOSED_WITHIN,
        ).exclude(stage__in=[ExerciseStage.PLANNED, ExerciseStage.CANCELLED])[:100]
    )
    consultations = list(
        closed.filter(
            consultation_closed_alerted_at=None,
            consultation_closes_on__lt=today,
            consultation_closes_on__gte=today - CLOSED_WITHIN,
        ).exclude(stage__in=[ExerciseStage.PLANNED, ExerciseStage.CANCELLED])[:100]
    )
    told = 0
    for exercise in bids:
        told += alert_followers(exercise, "bids_closed")
    for exercise in consultations:
        told += alert_followers(exercise, "consultation_closed")
    Exercise.objects.filter(pk__in=[e.pk for e in bids]).update(bids_closed_alerted_at=now)
    Exercise.objects.filter(pk__in=[e.pk for e in consultations]).update(
        consultation_closed_alerted_at=now
    )
    if not told:
        return ""
    return f"closing alerts: {told} sent"


def alert_followers(exercise: Exercise, event: str, *, detail: str = "") -> int:
    """E-mail (and notify) everyone whose alert matches the exercise, once each, after the
    change commits. Returns how many were told."""
    if not exercise.is_public:
        return 0  # private until published: nobody outside is told
    candidates = Alert.objects.filter(
        Q(compact__isnull=True) | Q(compact=exercise.compact_id), user__is_active=True
    ).select_related("user", "compact")
    chosen: dict[int, Alert] = {}
    for alert in candidates:
        if alert.matches(exercise) and alert.user_id not in chosen:
            chosen[alert.user_id] = alert
    return notify_all(
        Message(
            [alert.user.email],
            "exercise_alert",
            {
                "exercise": exercise,
                "headline": EVENTS[event],
                "detail": detail,
                "alert": alert,
                "stop_token": stop_token(alert),
            },
        )
        for alert in chosen.values()
    )
