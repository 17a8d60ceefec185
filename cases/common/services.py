"""What every subject's services share: one way to refuse an action (a rule broken is a
ValidationError; an action the user may not take is PermissionDenied)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


def refuse(message: str, field: str | None = None):
    """Refuse the action with a message for the person, on `field` if it names one."""
    raise ValidationError({field: message} if field else message)


def require(allowed: bool, message: str) -> None:
    """Refuse the action as not allowed for this user unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)
