"""The retention schedule as it applies to a compact: its own rules where it has them,
else the service's, else the defaults."""

from __future__ import annotations

from cases.privacy.models import DEFAULT_MONTHS, PER_COMPACT, RecordKind, RetentionRule


def months_for(compact, kind: str, rules: dict | None = None) -> int:
    """How many months `compact` keeps `kind` (`rules`: (compact id, kind) -> months, read
    beforehand)."""
    if rules is None:
        rules = {(r.compact_id, r.kind): r.months for r in RetentionRule.objects.filter(kind=kind)}
    if compact is not None and kind in PER_COMPACT and (compact.pk, kind) in rules:
        return rules[(compact.pk, kind)]
    return rules.get((None, kind), DEFAULT_MONTHS[RecordKind(kind)])


def all_rules() -> dict:
    return {(r.compact_id, r.kind): r.months for r in RetentionRule.objects.all()}


def schedule_for(compact) -> list[tuple[str, str, int]]:
    """Every kind of record with its label and the months `compact` keeps it (None: the
    service's)."""
    rules = all_rules()
    return [(kind.value, kind.label, months_for(compact, kind, rules)) for kind in RecordKind]
