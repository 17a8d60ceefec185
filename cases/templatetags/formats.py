"""The service's one way of writing a date with its time: `{{ moment|when }}` gives
"1 January 2027, 3:14pm", `{{ moment|when_short }}` "1 Jan 2027, 3:14pm"."""

from django import template

from cases.common import formats

register = template.Library()


@register.filter
def when(moment):
    return formats.when(moment) if moment else ""


@register.filter
def when_short(moment):
    return formats.when(moment, "j M Y") if moment else ""
