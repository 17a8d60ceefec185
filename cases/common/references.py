"""Human-readable case references such as SWA-D-2026-0007: compact prefix, kind, year and a
sequence that restarts each year."""

from django.db import models
from django.utils import timezone


def next_reference(*, compact, kind: str, model: type[models.Model]) -> str:
    """The next free reference of `kind` (one letter) for `compact` this year.

    Call inside a transaction: the compact's row is locked so two requests cannot take the
    same number (on SQLite the write lock does the same).
    """
    type(compact).objects.select_for_update().filter(pk=compact.pk).first()
    stem = f"{compact.prefix}-{kind}-{timezone.localdate().year}-"
    last = (
        model.objects.filter(reference__startswith=stem)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:04d}"
