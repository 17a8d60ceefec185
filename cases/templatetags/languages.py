"""The same page in each of the service's languages, for the language switch and the page's
alternate links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """Each language but the page's own: its code, its name in its own words, and the address
    of this page in it (the same page, with its query)."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    return [
        {"code": code, "name": name, "url": translate_url(here, code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
