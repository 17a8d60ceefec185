"""The demo's personal data side: who read Swansea's disputes (the access log), and a
legal hold on one of its ended disputes. Idempotent: nothing is added twice."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.disputes.models import Dispute, DisputeStage
from cases.privacy.models import LegalHold
from cases.register.models import AccessEvent

READERS = ("champion-swansea", "jb-vcs-swansea", "complainant-swansea")


def load_privacy() -> None:
    disputes = list(Dispute.objects.filter(compact__slug="swansea").order_by("created_at")[:4])
    if not disputes or AccessEvent.objects.filter(compact=disputes[0].compact).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=READERS)}
    now = timezone.now()
    events = []
    for n, dispute in enumerate(disputes):
        for m, username in enumerate(READERS):
            user = users.get(username)
            if user is None:
                continue
            events.append(
                AccessEvent(
                    user=user,
                    compact_id=dispute.compact_id,
                    kind=AccessEvent.Kind.DISPUTE,
                    reference=dispute.reference,
                    at=now - datetime.timedelta(days=n * 3 + m, hours=m + 1),
                )
            )
    AccessEvent.objects.bulk_create(events)
    ended = (
        Dispute.objects.filter(
            compact__slug="swansea", stage__in=[DisputeStage.CLOSED, DisputeStage.WITHDRAWN]
        )
        .order_by("closed_at")
        .first()
    )
    if ended is not None and not LegalHold.objects.filter(dispute=ended).exists():
        LegalHold.objects.create(
            dispute=ended,
            reason="The organisation has started a claim in the county court about the same "
            "grant round (demo).",
            placed_by=get_user_model().objects.filter(username="dpo-swansea").first(),
        )
