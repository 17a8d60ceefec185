"""Human-readable case references such as SWA-D-2026-0007: compact prefix, kind, year and a
number that restarts each year (four digits at least, then as many as it needs).

Numbers come from a counter a compact has for each kind and year (`ReferenceCounter`),
moved on by one atomic upsert, so they stay right past 9,999 (no reading of the highest
reference as text, where "-10000" sorts below "-9999"). The counter's row is held from
taking the number to the commit: take it as late as the record allows (`assign`), after
the slow work (a raise's uploads), so raises in one compact queue behind each other only
for the rest of the transaction. A transaction that fails after taking a number leaves a
gap.
"""

from __future__ import annotations

import uuid

from django.db import connection
from django.utils import timezone

from cases.register.models import ReferenceCounter


def next_number(*, compact, kind: str, year: int | None = None) -> int:
    """Move the compact's counter of `kind` for `year` (this year) on by one and return
    the new number; the counter's row stays locked until the transaction ends."""
    year = year or timezone.localdate().year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (compact_id, kind, year, last) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (compact_id, kind, year) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [compact.pk, kind, year],
        )
        (number,) = cursor.fetchone()
    return number


def next_reference(*, compact, kind: str) -> str:
    """The next reference of `kind` (one letter) for `compact` this year."""
    year = timezone.localdate().year
    return (
        f"{compact.prefix}-{kind}-{year}-{next_number(compact=compact, kind=kind, year=year):04d}"
    )


def provisional() -> str:
    """A placeholder reference, unique, for a record saved before its number is taken."""
    return f"pending-{uuid.uuid4().hex[:11]}"  # within the 20 characters of a reference


def assign(record, *, compact, kind: str) -> str:
    """Give a record saved with a `provisional()` reference its real one, as the last step
    of its transaction."""
    record.reference = next_reference(compact=compact, kind=kind)
    type(record).objects.filter(pk=record.pk).update(reference=record.reference)
    return record.reference
