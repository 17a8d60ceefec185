"""Dates and times as the service writes them, in messages and on pages: "1 January 2027,
3:14pm" (the GOV.UK style: no full stops in am and pm, and "midday" and "midnight" for
12pm and 12am)."""

from django.utils import timezone
from django.utils.dateformat import format as date_format


def time_of(moment) -> str:
    local = timezone.localtime(moment)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    half = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{half}"


def when(moment, day_format: str = "j F Y") -> str:
    local = timezone.localtime(moment)
    return f"{date_format(local, day_format)}, {time_of(local)}"
