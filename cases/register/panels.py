"""Sections the compact's page shows from the subjects above the register (the year's
headline measures), registered by `cases/wiring.py`: each is a function of the compact
giving a template and its context, or None to show nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

COMPACT_PANELS: list[Callable[[Any], tuple[str, dict] | None]] = []


def register(panel: Callable[[Any], tuple[str, dict] | None]) -> None:
    if panel not in COMPACT_PANELS:
        COMPACT_PANELS.append(panel)


def for_compact(compact) -> list[tuple[str, dict]]:
    return [shown for panel in COMPACT_PANELS if (shown := panel(compact)) is not None]
