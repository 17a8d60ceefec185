"""The demo's calendar: each story happens on days counted from the real today, and the
services are run on those days (time-machine), so every date they write agrees with the
story and with today."""

from __future__ import annotations

import contextlib
import datetime
import zoneinfo

import time_machine
from django.conf import settings
from django.utils import timezone

_today: list[datetime.date] = []  # the real today, while a walk travels in time


def start() -> None:
    """Fix the real today before a walk starts travelling."""
    _today[:] = [timezone.localdate()]


def days(n: int) -> datetime.date:
    """The day `n` days from the real today (not the day the walk has travelled to)."""
    return (_today[0] if _today else timezone.localdate()) + datetime.timedelta(days=n)


def zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def moment(n: int, hour: int = 10) -> datetime.datetime:
    """`hour` o'clock on the day `n` days from today; for today, never later than now (the
    demo loaded before that hour must not write anything in the future)."""
    at = datetime.datetime.combine(days(n), datetime.time(hour), tzinfo=zone())
    return min(at, timezone.now()) if n <= 0 else at


@contextlib.contextmanager
def on(n: int, hour: int = 10):
    """Do what follows on the day `n` days from today (negative: before), at `hour`."""
    if not _today:
        start()
    with time_machine.travel(moment(n, hour), tick=False):
        yield
