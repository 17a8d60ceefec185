"""The working-day clock: every deadline in the service is counted here.

A working day is Monday to Friday and not a bank holiday of the compact's nation. Bank
holidays, with their substitute days and one-off holidays, come from the `holidays`
package, which tracks the UK's proclamations. England and Wales share one set; Scotland
adds 2 January and St Andrew's Day and drops Easter Monday; Northern Ireland adds
St Patrick's Day and the Battle of the Boyne.

Counting rule: the day a clock starts is day 0, so a stage of 20 working days that starts
on a Monday ends 20 working days later, not counting the start day.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _


class Nation(models.TextChoices):
    """Whose bank holidays a compact's working-day clock skips."""

    ENGLAND_WALES = "england_wales", _("England and Wales")  # one set of bank holidays
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


_SUBDIVISION = {
    Nation.ENGLAND_WALES: "ENG",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


@lru_cache(maxsize=64)
def _bank_holidays(nation: str, year: int) -> dict[datetime.date, str]:
    try:
        subdivision = _SUBDIVISION[Nation(nation)]
    except ValueError:
        raise ValueError(f"Unknown nation {nation!r}") from None
    return dict(holidays.UK(subdiv=subdivision, years=year))


def bank_holiday_name(day: datetime.date, nation: str) -> str | None:
    """The name of the bank holiday on `day` in `nation`, or None."""
    return _bank_holidays(nation, day.year).get(day)


def is_working_day(day: datetime.date, nation: str) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day, nation) is None


def add_working_days(start: datetime.date, days: int, nation: str) -> datetime.date:
    """The date `days` working days after `start` (before it, if `days` is negative).

    With `days` of 0 the answer is `start` itself if it is a working day, otherwise the
    next working day: a clock that starts on a holiday starts on the next working day.
    """
    if isinstance(start, datetime.datetime):
        start = start.date()
    step = 1 if days >= 0 else -1
    day = start
    if days == 0:
        while not is_working_day(day, nation):
            day += datetime.timedelta(days=1)
        return day
    remaining = abs(days)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day, nation):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, nation: str) -> int:
    """How many working days pass from `start` to `end`: those after `start` up to and
    including `end`. Negative when `end` is before `start`, so "days left" can go below
    zero once a deadline has passed. Counted by whole weeks, less the bank holidays that
    fall on weekdays between, so a step years overdue costs what one due tomorrow does."""
    if isinstance(start, datetime.datetime):
        start = start.date()
    if isinstance(end, datetime.datetime):
        end = end.date()
    if end < start:
        return -working_days_between(end, start, nation)
    weeks, rest = divmod((end - start).days, 7)
    weekday = start.weekday()
    count = weeks * 5 + sum(1 for day in range(1, rest + 1) if (weekday + day) % 7 < 5)
    for year in range(start.year, end.year + 1):
        count -= sum(
            1 for day in _bank_holidays(nation, year) if start < day <= end and day.weekday() < 5
        )
    return count
