"""What the task lists show of each step's case (its `CaseLine`), kept in the cache so a
list page does not read every kind's cases again for rows it showed a moment ago.

Each kind says which models its lines are read from (`CaseKind.line_models`: the case, its
parties' organisations, its compact). Any save or deletion of one of those moves the lines'
one generation on, now and again once the transaction commits, and every kept line of an
older generation is no longer read: a stage, a subject or an organisation's name changed
anywhere is shown at once. Writes are far rarer than reads of the lists, and a change in
one place is cheap to forget everywhere. Kept lines also lapse after `TTL` seconds, as a
safety net for changes that go around the models' signals (a raw `UPDATE`).

The cache must be one that every process shares (Redis in production, a file cache for
`make run`), as for the navigation's header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from cases.common import generations

GENERATION = "lines:v1:generation"
TTL = 600


def changed(**kwargs) -> None:
    """A model the lines are read from changed: no line kept before is read again."""
    generations.move_on(GENERATION)


def watch(models) -> None:
    """Forget every kept line whenever one of these models is saved or deleted."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(changed, sender=model, dispatch_uid=f"lines-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"lines-{label}-delete")


def generation() -> str:
    """The lines' generation: it moves on whenever a model any kind's lines are read from
    is saved or deleted (for others that keep what those models say, as the lines do)."""
    return generations.current([GENERATION])[GENERATION]


def lines_for(wanted: dict[str, list[int]], read: Callable[[str, list[int]], dict]) -> dict:
    """The lines of these procedures ({kind name: [procedure ids]}), by procedure id: those
    kept, and the rest read (`read(kind name, ids)`) and kept. One cache read for all."""
    if not wanted:
        return {}
    prefix = f"lines:v1:{generation()}:{get_language()}"
    keys = {f"{prefix}:{name}:{pk}": (name, pk) for name, ids in wanted.items() for pk in set(ids)}
    kept = cache.get_many(list(keys))
    found = {keys[key][1]: line for key, line in kept.items()}
    missing: dict[str, list[int]] = {}
    for key, (name, pk) in keys.items():
        if key not in kept:
            missing.setdefault(name, []).append(pk)
    fresh = {}
    for name, ids in missing.items():
        for pk, line in read(name, ids).items():
            fresh[f"{prefix}:{name}:{pk}"] = line
            found[pk] = line
    if fresh:
        cache.set_many(fresh, TTL)
    return found
