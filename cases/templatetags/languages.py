"""The same page in each of the service's languages, for the language switch and the page's
alternate links."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """Each language but the page's own: its code, its name in its own words, and the address
    of this page in it (the same page, with its query). A page that is not one of the
    service's own (a page not found) offers the home page instead, so the switch never
    repeats an address someone else chose."""
    request = context.get("request")
    current = translation.get_language()
    found = request is not None and getattr(request, "resolver_match", None) is not None
    languages = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(request.get_full_path(), code) if found else None
        if not url or not url.startswith("/") or url.startswith("//"):
            with translation.override(code):
                url = reverse("home")
        languages.append({"code": code, "name": name, "url": url})
    return languages


@register.filter
def lang_of(record, name):
    """` lang="en-GB"` on the element holding a record's own words (a commitment's title,
    a compact's summary) where a page in another language shows them in English, because
    they have no translation yet (django-modeltranslation falls back to the English);
    nothing where they are in the page's language. WCAG 2.2, 3.1.2 Language of Parts."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    if current == settings.LANGUAGE_CODE:
        return ""
    own = getattr(record, f"{name}_{current.replace('-', '_')}", None)
    if own is None and not hasattr(record, f"{name}_{settings.LANGUAGE_CODE.replace('-', '_')}"):
        return ""  # not words with translations
    if own:
        return ""
    return mark_safe(' lang="en-GB"')  # noqa: S308 - a constant
