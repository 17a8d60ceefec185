"""What every subject's services share: one way to refuse an action (a rule broken is a
ValidationError; an action the user may not take is PermissionDenied), the locked row a
change starts from, and the logged state transition."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_fsm import can_proceed


def refuse(message: str, field: str | None = None):
    """Refuse the action with a message for the person, on `field` if it names one."""
    raise ValidationError({field: message} if field else message)


def require(allowed: bool, message: str) -> None:
    """Refuse the action as not allowed for this user unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def locked(record, *related):
    """The record's row, locked for this transaction, with its current state (and the
    `related` rows it reads alongside)."""
    return type(record).objects.select_for_update().select_related(*related).get(pk=record.pk)


def transition(record, method, *, by, description: str, noun: str) -> None:
    """Make the django-fsm transition `method` of `record` (logged by django-fsm-log with
    `by` and `description`), or refuse it in plain words when its stage does not allow it."""
    if not can_proceed(method):
        stage = str(record.get_stage_display()).lower()
        # One sentence for each kind of record, so each can be written whole in Welsh.
        if noun == "dispute":
            message = _(
                "This dispute is at %(stage)s: that step is not open now. Nothing was changed."
            )
        elif noun == "exercise":
            message = _(
                "This exercise is at %(stage)s: that step is not open now. Nothing was changed."
            )
        else:
            message = _(
                "This %(noun)s is at %(stage)s: that step is not open now. Nothing was changed."
            )
        refuse(message % {"noun": noun, "stage": stage})
    method(by=by, description=description)
