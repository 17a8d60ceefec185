"""What every signed-in page's header shows of its user: their roles and the numbers in the
navigation (steps assigned to them, how many are overdue, their team's queue, unread
notifications).

Worked out once and kept in the cache (one read a page) until something that changes them
happens: whoever changes a user's steps, notifications or roles calls `forget` for that
user, in the same request or job (the signal handlers in `workflows.apps` and the
register's and subjects' own). The day is part of what is kept, so "overdue" is worked out
afresh each morning; a kept header also lapses after `TTL` seconds, as a safety net.

The cache must be one that every process shares (Redis in production, a file cache for
`make run`): a worker that completes a step forgets the header the web process reads.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from cases.common import generations
from workflows import registry

# One generation a user: `forget` moves it on, and a header is only used while the
# generation it was worked out under is still the user's. So a page that counted before a
# change committed cannot keep its old numbers after the change forgot them.
KEYS = (
    "navigation:v6:gen:{}",
    "navigation:v6:roles:{}",
    "navigation:v6:counts:{}",
    "navigation:v6:lists:{}",
)
# One generation a compact's queue: a step joining or leaving it moves it on, and a kept
# header counts its queue again when a compact it works has moved on.
QUEUE_KEY = "navigation:v6:queue:{}"
TTL = 600


def _keys(user_id) -> list[str]:
    return [key.format(user_id) for key in KEYS]


def _today() -> str:
    return timezone.localdate().isoformat()


def _generation(gen_key: str, kept: dict) -> str:
    return generations.current([gen_key], kept)[gen_key]


def _valid(entry, generation: str) -> bool:
    return bool(entry) and entry.get("day") == _today() and entry.get("gen") == generation


def header(user, roles: Callable[[object], list[str]]) -> dict:
    """{"roles": [...], "counts": {"inbox", "overdue", "unread"}} for a signed-in user: one
    cache read when both are kept."""
    gen_key, roles_key, counts_key, _lists_key = _keys(user.pk)
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


def _queue_keys(compact_ids) -> list[str]:
    return [QUEUE_KEY.format(pk) for pk in compact_ids]


def _queue_generations(compact_ids) -> dict:
    """The generation of each compact's queue, made where there is none yet."""
    return generations.current(_queue_keys(compact_ids))


def _current(kept, generation: str) -> bool:
    """Whether a kept entry still holds: worked out today, under the user's generation,
    and while the queues it counted have not moved on."""
    queues = (kept or {}).get("queues") or {}
    return _valid(kept, generation) and (not queues or cache.get_many(list(queues)) == queues)


def _work_out(user, generation: str) -> tuple[dict, dict]:
    """Count the user's numbers and list what the task lists need, and keep both: the
    numbers (read on every page) and the lists (read by the task lists only) apart."""
    from workflows import selectors  # the selectors import the registry's kinds

    # The queues' generations are read before counting: a change while counting moves one
    # on, and the next page counts again.
    parts = selectors.queue_parts(user)
    queues = _queue_generations(selectors.queue_compacts(parts))
    mine = selectors.open_steps(user)
    queue = selectors.queue_of(user, parts)
    stamp = {"day": _today(), "gen": generation, "queues": queues}
    counts = {
        **stamp,
        "value": {
            "inbox": mine["inbox"],
            "overdue": mine["overdue"],
            "unread": selectors.unread(user),
            "queue": len(queue["ids"]),
        },
    }
    compacts = registry.compacts_of(user).only("pk", "slug", "name")
    lists = {
        **stamp,
        # The compacts the user has a part in, for the task lists' filter.
        "compacts": [(c.pk, c.slug, c.name) for c in compacts],
        "hidden": mine["hidden"],
        "queue_parts": parts,
        "queue_aside": sorted(queue["aside"]),
    }
    _gen_key, _roles_key, counts_key, lists_key = _keys(user.pk)
    cache.set_many({counts_key: counts, lists_key: lists}, TTL)
    return counts, lists


def _counts(user, kept, generation: str) -> dict:
    if _current(kept, generation):
        return kept["value"]
    return _work_out(user, generation)[0]["value"]


def generation(user) -> str:
    """The user's generation: it moves on whenever `forget` is called for them (their steps,
    notifications or roles changed), so what is kept under it goes with the header."""
    gen_key = _keys(user.pk)[0]
    return _generation(gen_key, cache.get_many([gen_key]))


def header_counts(user) -> dict:
    """The numbers in the user's header (inbox, overdue, unread, queue), as kept."""
    gen_key, _roles_key, counts_key, _lists_key = _keys(user.pk)
    kept = cache.get_many([gen_key, counts_key])
    return _counts(user, kept.get(counts_key), _generation(gen_key, kept))


def lists(user) -> dict:
    """What the task lists start from, kept beside the header's numbers and forgotten with
    them: `compacts`, those the user has a part in (id, slug, name); `hidden`, the ids of
    the user's open steps of cases no longer theirs;
    `queue_parts`, the queue permissions they hold and the compacts whose queues of each
    kind they work; and `queue_aside`, the ids of the steps waiting in those queues that
    they may not take."""
    gen_key, _roles_key, _counts_key, lists_key = _keys(user.pk)
    kept = cache.get_many([gen_key, lists_key])
    generation = _generation(gen_key, kept)
    entry = kept.get(lists_key)
    if _current(entry, generation):
        return entry
    return _work_out(user, generation)[1]


def queue_changed(*compact_ids: int | None) -> None:
    """A step joined or left the queue of these compacts: the queue's number in the header of
    everyone who works it is counted again (now, and again once the transaction commits)."""
    generations.move_on(*_queue_keys({pk for pk in compact_ids if pk is not None}))


def forget(*user_ids: int | None) -> None:
    """Move these users' generation on, now and again once the transaction commits, so no
    header worked out before the change (or before its commit) is used again."""
    generations.move_on(*(_keys(pk)[0] for pk in {pk for pk in user_ids if pk is not None}))
