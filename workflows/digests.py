"""The daily digest: one e-mail a person of the steps they hold that are overdue or due
within five working days."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.common.working_days import add_working_days
from workflows import registry, selectors
from workflows.models import DigestSent
from workflows.notifications import notify

WINDOW_WORKING_DAYS = 5


def digest_for(user) -> dict | None:
    """The user's overdue and soon-due steps, or None when there is nothing to say."""
    today = timezone.localdate()
    horizon = add_working_days(today, WINDOW_WORKING_DAYS, "england_wales")
    tasks = (
        selectors.inbox(user, live=True)
        .filter(case_due__lte=horizon)
        .order_by("case_due", "created")
    )
    lines = selectors.attach(tasks)
    overdue = [t for t in lines if t.line.due_on and t.line.due_on < today]
    soon = [t for t in lines if t.line.due_on and t.line.due_on >= today]
    if not overdue and not soon:
        return None
    return {
        "overdue": overdue,
        "soon": soon,
        "user": user,
        "today": today,
        "mail_languages": _languages(lines),
    }


def _languages(lines) -> tuple[str, ...]:
    """A digest is in Welsh and English (Welsh first) when any of its steps is in a compact
    that writes in both; else in the site's language."""
    compact_ids = {t.case_compact for t in lines} - {None}  # each step's case's compact
    languages = registry.mail_languages(compact_ids).values()
    return max(languages, key=len, default=None) or (settings.LANGUAGE_CODE,)


def send_digests() -> int:
    """Send today's digests to whoever holds open steps and has not been looked at today.
    Everyone looked at is recorded, told or not, so a sweep after the first builds nothing:
    the timer loop calls this every minute from 7am."""
    today = timezone.localdate()
    sent = 0
    seen = DigestSent.objects.filter(day=today).values("user")
    holders = (
        get_user_model()
        .objects.filter(task__status__in=selectors.OPEN, is_active=True)
        .exclude(pk__in=seen)
        .distinct()
    )
    for user in holders:
        context = digest_for(user) if user.email else None
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, day=today, sent=context is not None)
                if context is not None:
                    notify(to=[user.email], template="digest", context=context)
        except IntegrityError:
            continue  # another timer process looked at them first
        sent += context is not None
    return sent
