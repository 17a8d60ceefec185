"""Dates and times as the service writes them, in messages and on pages: "1 January 2027,
3:14pm" (the GOV.UK style: no full stops in am and pm, and "midday" and "midnight" for
12pm and 12am)."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _


def time_of(moment) -> str:
    local = timezone.localtime(moment)
    if local.minute == 0 and local.hour in (0, 12):
        return _("midnight") if local.hour == 0 else _("midday")
    values = {"hour": local.hour % 12 or 12, "minute": f"{local.minute:02d}"}
    if local.hour < 12:
        # Translators: a time in the morning, such as 9:05am (GOV.UK style: no full stops).
        return _("%(hour)s:%(minute)sam") % values
    # Translators: a time in the afternoon or evening, such as 3:14pm.
    return _("%(hour)s:%(minute)spm") % values


def when(moment, day_format: str = "j F Y") -> str:
    local = timezone.localtime(moment)
    # Translators: a date with its time, such as "1 January 2027, 3:14pm".
    return _("%(day)s, %(time)s") % {"day": date_format(local, day_format), "time": time_of(local)}


def in_english():
    """For text kept in the database (a case's history, an amendment, open data): written in
    the service's own language, whatever the language of the person whose action wrote it."""
    return translation.override(settings.LANGUAGE_CODE)
