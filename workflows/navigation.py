"""What every signed-in page's header shows of its user: their roles and the numbers in the
navigation (steps assigned to them, how many are overdue, unread notifications).

Worked out once and kept in the cache (one read a page) until something that changes them
happens: whoever changes a user's steps, notifications or roles calls `forget` for that
user, in the same request or job (the signal handlers in `workflows.apps` and the
register's and subjects' own). The day is part of what is kept, so "overdue" is worked out
afresh each morning; a kept header also lapses after `TTL` seconds, as a safety net.

The cache must be one that every process shares (Redis in production, a file cache for
`make run`): a worker that completes a step forgets the header the web process reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

KEY = "navigation:v1:{}"
TTL = 600


def _key(user_id) -> str:
    return KEY.format(user_id)


def header(user, roles: Callable[[object], list[str]]) -> dict:
    """{"roles": [...], "counts": {"inbox", "overdue", "unread"}} for a signed-in user."""
    from workflows.selectors import counts  # the selectors import the registry's kinds

    key = _key(user.pk)
    today = timezone.localdate().isoformat()
    kept = cache.get(key)
    if kept is not None and kept.get("day") == today:
        return kept
    kept = {"day": today, "roles": roles(user), "counts": counts(user)}
    cache.set(key, kept, TTL)
    return kept


def kept_counts(user) -> dict | None:
    """The numbers kept for the user today, if any (nothing is worked out here)."""
    kept = cache.get(_key(user.pk))
    if kept is not None and kept.get("day") == timezone.localdate().isoformat():
        return kept["counts"]
    return None


def forget(*user_ids: int | None) -> None:
    """Drop the kept headers of these users, now and again once the transaction commits (so
    that a page read between the change and its commit cannot keep the old numbers)."""
    keys = [_key(pk) for pk in set(user_ids) if pk is not None]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_all(user_ids: Iterable[int | None]) -> None:
    forget(*list(user_ids))
