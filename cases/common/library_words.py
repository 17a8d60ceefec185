"""Words the libraries we use show people but have no Welsh for (crispy-forms-gds's date
input and back link): listed here so `make messages` puts them in our catalogue, which
Django reads before the libraries' own."""

from django.utils.translation import gettext_noop

LIBRARY_WORDS = [
    gettext_noop("Day"),
    gettext_noop("Month"),
    gettext_noop("Year"),
    gettext_noop("Back"),
]
