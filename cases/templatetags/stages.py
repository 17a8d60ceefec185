"""A dispute's stage as a coloured tag: one tag where a list shows it on every row (an
include a row costs more than the row's other cells together)."""

from django import template
from django.utils.html import format_html

register = template.Library()

COLOURS = {
    "closed": "govuk-tag--green",
    "withdrawn": "govuk-tag--grey",
    "arbitration": "govuk-tag--red",
    "mediation": "govuk-tag--orange",
    "informal": "govuk-tag--blue",
}


@register.simple_tag
def stage_tag(dispute):
    return stage_tag_for(dispute.stage, dispute.get_stage_display())


@register.simple_tag
def stage_tag_for(stage: str, label: str):
    """The tag of a stage given by its value and its label (a list's kept row)."""
    colour = COLOURS.get(stage, "govuk-tag--yellow")
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, label)
