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

KEYS = ("navigation:v2:roles:{}", "navigation:v2:counts:{}")
TTL = 600


def _keys(user_id) -> list[str]:
    return [key.format(user_id) for key in KEYS]


def _today() -> str:
    return timezone.localdate().isoformat()


def header(user, roles: Callable[[object], list[str]]) -> dict:
    """{"roles": [...], "counts": {"inbox", "overdue", "unread"}} for a signed-in user: one
    cache read when both are kept."""
    roles_key, counts_key = _keys(user.pk)
    kept = cache.get_many([roles_key, counts_key])
    today = _today()
    if kept.get(roles_key, {}).get("day") != today:
        kept[roles_key] = {"day": today, "value": roles(user)}
        cache.set(roles_key, kept[roles_key], TTL)
    return {"roles": kept[roles_key]["value"], "counts": _counts(user, kept.get(counts_key))}


def counts(user) -> dict:
    """The user's navigation numbers, kept or worked out (and kept)."""
    return _counts(user, cache.get(_keys(user.pk)[1]))


def _counts(user, kept) -> dict:
    from workflows import selectors  # the selectors import the registry's kinds

    today = _today()
    if kept is None or kept.get("day") != today:
        kept = {"day": today, "value": selectors.counts(user)}
        cache.set(_keys(user.pk)[1], kept, TTL)
    return kept["value"]


def forget(*user_ids: int | None) -> None:
    """Drop the kept headers of these users, now and again once the transaction commits (so
    that a page read between the change and its commit cannot keep the old numbers)."""
    keys = [key for pk in set(user_ids) if pk is not None for key in _keys(pk)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_all(user_ids: Iterable[int | None]) -> None:
    forget(*list(user_ids))
