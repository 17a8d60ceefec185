"""Free text from people: what the services accept."""

from django.core.exceptions import ValidationError

NUL = "\x00"


def plain(value: str | None, *, field: str | None = None) -> str:
    """The text, trimmed, refusing NUL characters (PostgreSQL cannot store them, and no
    person types them)."""
    value = value or ""
    if NUL in value:
        message = "Remove the hidden control characters from this text"
        raise ValidationError({field: message} if field else message)
    return value.strip()
