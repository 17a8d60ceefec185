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


def stage_tag_for(stage: str, label: str):
    return format_html('<strong class="govuk-tag {}">{}</strong>', stage_colour(stage), label)


def stage_colour(stage: str) -> str:
    """The tag's colour class for a stage (a kept list row holds it among its values)."""
    return COLOURS.get(stage, "govuk-tag--yellow")
