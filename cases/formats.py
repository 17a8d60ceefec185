"""Dates and times as the service writes them in messages: "1 January 2027, 3:14pm"."""

from django.utils import timezone
from django.utils.dateformat import format as date_format


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y, g:ia")
