"""The same page in each of the service's languages, for the language switch and the page's
alternate links."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

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
    """The language of a record's own words as a page shows them (a commitment's title, a
    compact's summary), for the `lang` of the element that holds them: the page's language,
    or "en-GB" where a page in another language shows the English because there is no
    translation yet (django-modeltranslation falls back to it). WCAG 2.2, 3.1.2."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    english = translation.to_locale(settings.LANGUAGE_CODE).replace("_", "-")  # en-GB
    if current == settings.LANGUAGE_CODE:
        return english
    own = getattr(record, f"{name}_{current.replace('-', '_')}", None)
    return current if own else english
