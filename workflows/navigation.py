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

import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

# One generation a user: `forget` moves it on, and a header is only used while the
# generation it was worked out under is still the user's. So a page that counted before a
# change committed cannot keep its old numbers after the change forgot them.
KEYS = ("navigation:v3:gen:{}", "navigation:v3:roles:{}", "navigation:v3:counts:{}")
TTL = 600


def _keys(user_id) -> list[str]:
    return [key.format(user_id) for key in KEYS]


def _today() -> str:
    return timezone.localdate().isoformat()


def _generation(gen_key: str, kept: dict) -> str:
    generation = kept.get(gen_key)
    if generation is None:
        generation = secrets.token_hex(8)
        cache.add(gen_key, generation, None)
        generation = cache.get(gen_key, generation)
    return generation


def _valid(entry, generation: str) -> bool:
    return bool(entry) and entry.get("day") == _today() and entry.get("gen") == generation


def header(user, roles: Callable[[object], list[str]]) -> dict:
    """{"roles": [...], "counts": {"inbox", "overdue", "unread"}} for a signed-in user: one
    cache read when both are kept."""
    gen_key, roles_key, counts_key = _keys(user.pk)
    kept = cache.get_many([gen_key, roles_key, counts_key])
    generation = _generation(gen_key, kept)
    # The roles are words, kept in the language they were written in: another language's
    # page writes them afresh.
    entry = kept.get(roles_key)
    if not _valid(entry, generation) or entry.get("language") != get_language():
        kept[roles_key] = {
            "day": _today(),
            "gen": generation,
            "language": get_language(),
            "value": roles(user),
        }
        cache.set(roles_key, kept[roles_key], TTL)
    return {
        "roles": kept[roles_key]["value"],
        "counts": _counts(user, kept.get(counts_key), generation),
    }


def _counts(user, kept, generation: str) -> dict:
    from workflows import selectors  # the selectors import the registry's kinds

    if not _valid(kept, generation):
        kept = {"day": _today(), "gen": generation, "value": selectors.counts(user)}
        cache.set(_keys(user.pk)[2], kept, TTL)
    return kept["value"]


def forget(*user_ids: int | None) -> None:
    """Move these users' generation on, now and again once the transaction commits, so no
    header worked out before the change (or before its commit) is used again."""
    ids = [pk for pk in set(user_ids) if pk is not None]
    if not ids:
        return

    def move_on():
        cache.set_many({_keys(pk)[0]: secrets.token_hex(8) for pk in ids}, None)

    move_on()
    transaction.on_commit(move_on)
