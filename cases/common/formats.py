"""Dates and times as the service writes them in messages: "1 January 2027, 3:14pm"
(the GOV.UK style: no full stops in am and pm)."""

from django.utils import timezone
from django.utils.dateformat import format as date_format


def when(moment) -> str:
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    half = "am" if local.hour < 12 else "pm"
    return f"{date_format(local, 'j F Y')}, {hour}:{local.minute:02d}{half}"
