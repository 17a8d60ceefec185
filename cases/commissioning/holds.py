"""What holds an awarded contract in its standstill: challenges to the award, open in
another subject (a dispute raised from the award). The wiring registers where they come
from (`cases/wiring.py`), so commissioning asks without knowing about disputes.

A hold's loader takes the exercise and returns the references of what holds it."""

from __future__ import annotations

from collections.abc import Callable

HOLDS: list[Callable[[object], list[str]]] = []


def register(loader: Callable[[object], list[str]]) -> None:
    if loader not in HOLDS:
        HOLDS.append(loader)


def holding(exercise) -> list[str]:
    """The references of the open challenges to this exercise's award, if any."""
    return [reference for loader in HOLDS for reference in loader(exercise)]
