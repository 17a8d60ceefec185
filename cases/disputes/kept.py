"""What a dispute's page reads of its records (the commitments it cites, its answer,
remedies, timeline, documents and messages), kept in the cache between views of the page,
so a page seen again reads the dispute and who may see it, not every part of it again.

Each part is kept under:
- the dispute's own generation, which moves on whenever one of its records is saved or
  deleted (`changed`: the dispute, its events, documents, messages, remedies and answer,
  the commitments it and its answer cite), now and again once the transaction commits;
- the names' generation, which moves on whenever a person's name, an organisation, a
  membership, a commitment or a compact changes (`names_changed`): the parts show
  people's and organisations' names and commitments' words and links, and a membership
  decides whose messages a party keeps after mediation;
- what the user may see of that part (`selectors.RecordsView`): everyone who may see
  the same of the dispute shares one copy, and nobody reads a copy made for more.

The dispute itself, who may see it and its open steps are read on every view. Parts lapse
after `TTL` seconds, as a safety net for a change that goes around the models' signals
(a raw `UPDATE`); the services that write around them (`DisputeEvent.objects.bulk_create`,
the retention schedule's `UPDATE`) say what they changed. The cache must be one every
process shares (Redis in production, a file cache for `make run`), as for the header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

from cases.common import generations

PREFIX = "disputes:kept:v1"
NAMES = f"{PREFIX}:names"
TTL = 600


def _generation_key(dispute_id: int) -> str:
    return f"{PREFIX}:generation:{dispute_id}"


def changed(*dispute_ids) -> None:
    """These disputes' records changed: nothing kept of them before is read again."""
    generations.move_on(*(_generation_key(pk) for pk in sorted({pk for pk in dispute_ids if pk})))


def names_changed() -> None:
    """A name, a membership or a commitment changed: no dispute's kept part is read again."""
    generations.move_on(NAMES)


def _records(value) -> list:
    return value if isinstance(value, list) else [value]


def read(dispute, parts: dict[str, tuple[str, Callable[[], object]]]) -> dict[str, object]:
    """Each of these parts of the dispute's records ({name: (what the user may see of it,
    how to read it)}), by name: those kept and the rest read and kept, with one cache read
    for the generations and one for the parts."""
    generation_key = _generation_key(dispute.pk)
    tokens = generations.current([generation_key, NAMES])
    # The dispute's creation time too: a database made again (the demo, a restore) may
    # give another dispute the same id while an old generation is still in the cache.
    prefix = (
        f"{PREFIX}:{dispute.pk}:{dispute.created_at.timestamp()}:"
        f"{tokens[generation_key]}:{tokens[NAMES]}"
    )
    keys = {f"{prefix}:{name}:{variant}": name for name, (variant, _read) in parts.items()}
    kept = cache.get_many(list(keys))
    found = {keys[key]: value for key, (value,) in kept.items()}
    fresh = {}
    for key, name in keys.items():
        if key not in kept:
            found[name] = parts[name][1]()
            for record in _records(found[name]):
                if getattr(record, "dispute_id", None) == dispute.pk:
                    # Kept without a copy of the dispute (its complaint, who raised it).
                    record._state.fields_cache.pop("dispute", None)
            fresh[key] = (found[name],)  # in a tuple: a part may be None (no answer yet)
    if fresh:
        cache.set_many(fresh, TTL)
    for value in found.values():
        for record in _records(value):
            if getattr(record, "dispute_id", None) == dispute.pk:
                record.dispute = dispute  # the one read for the page
    return found
