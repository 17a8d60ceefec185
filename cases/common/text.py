"""Free text from people: what the services accept."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NUL = "\x00"
# Unicode's bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-
# U+2069): nobody types them, and they make text show other than it reads ("paid 0001
# pounds" with a right-to-left override shows as "1000"). Right-to-left text itself needs
# none of them.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def hidden_characters(value: str | None) -> str | None:
    """Why a person's text cannot be kept as it is, or None when it can."""
    value = value or ""
    if NUL in value:
        return _("Remove the hidden control characters from this text")
    if not DIRECTION_CONTROLS.isdisjoint(value):
        return _("Remove the hidden direction characters from this text")
    return None


def plain(value: str | None, *, field: str | None = None) -> str:
    """The text, trimmed, refusing NUL characters (PostgreSQL cannot store them, and no
    person types them) and the hidden direction characters (`DIRECTION_CONTROLS`)."""
    message = hidden_characters(value)
    if message:
        raise ValidationError({field: message} if field else message)
    return (value or "").strip()
