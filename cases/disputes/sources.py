"""Where a dispute can start from: another record of the service, such as a departure
from the Compact, that fills in the raise form. A subject that has such records registers
a source by name (`cases/wiring.py`); the raise form's `?<name>=<id>` picks it.

A source's loader takes the record's id and returns, for a record that may be disputed,
the form's starting answers: `compact_id`, `respondent_id`, `commitment_ids`,
`what_happened` and `happened_on`, and optionally `complainant_ids` (the only
organisations whose dispute is linked to the record: an award's unsuccessful bidders);
or None."""

from __future__ import annotations

from collections.abc import Callable

SOURCES: dict[str, Callable[[int], dict | None]] = {}


def register(name: str, loader: Callable[[int], dict | None]) -> None:
    SOURCES[name] = loader


def prefill(name: str, pk) -> dict | None:
    """The starting answers from source `name`'s record `pk`, if it may be disputed."""
    loader = SOURCES.get(name)
    pk = str(pk or "")
    if loader is None or not (pk.isascii() and pk.isdigit() and len(pk) < 12):
        return None
    return loader(int(pk))
