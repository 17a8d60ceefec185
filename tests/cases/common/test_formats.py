"""Times as GOV.UK writes them: "3:14pm", "midday", "midnight", with no full stops."""

import datetime

from django.template import Context, Template
from django.utils import timezone

from cases.common.formats import when


def _at(hour, minute):
    return datetime.datetime(2027, 1, 1, hour, minute, tzinfo=timezone.get_current_timezone())


def test_times_read_as_gov_uk_writes_them():
    assert when(_at(15, 14)) == "1 January 2027, 3:14pm"
    assert when(_at(9, 5)) == "1 January 2027, 9:05am"
    assert when(_at(12, 0)) == "1 January 2027, midday"
    assert when(_at(0, 0)) == "1 January 2027, midnight"
    assert when(_at(0, 30)) == "1 January 2027, 12:30am"
    page = Template("{% load formats %}{{ t|when }}; {{ t|when_short }}; {{ none|when }}.")
    assert page.render(Context({"t": _at(11, 13)})) == (
        "1 January 2027, 11:13am; 1 Jan 2027, 11:13am; ."
    )
