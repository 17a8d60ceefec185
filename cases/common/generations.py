"""Generations: a random token kept in the cache under a key, which the code that changes
what others keep moves on, so everything kept under an older token is no longer read (the
headers, the case lines, a dispute's page). Moved on at once and again once the
transaction commits, so nothing read before the commit is kept under the new token.
The cache must be one every process shares."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction

# The kept pages' generation (`cases.common.kept_pages`), which every write moves on.
WRITES = "pages:v1:writes"


def renew(*keys: str) -> None:
    """Give these generations new tokens now, in one cache write."""
    cache.set_many({key: secrets.token_hex(8) for key in keys}, None)


def move_on(*keys: str) -> None:
    """Give these generations new tokens, now and again once the transaction commits. The
    kept pages' writes (`WRITES`) move on with them, in the same cache write: a page is
    never kept, afresh, from what was kept under a generation about to move on."""
    if not keys:
        return

    def now():
        renew(*keys, WRITES)

    now()
    # Robust: a cache that fails here must not stop the commit's other callbacks (the jobs
    # a transaction enqueues).
    transaction.on_commit(now, robust=True)


def current(keys: list[str], kept: dict | None = None) -> dict[str, str]:
    """These generations' tokens ({key: token}), from `kept` (what a `get_many` that read
    them already found) or read here; one never given a token is given one."""
    found = dict(kept) if kept is not None else cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            token = secrets.token_hex(8)
            cache.add(key, token, None)
            found[key] = cache.get(key, token)
    return {key: found[key] for key in keys}
