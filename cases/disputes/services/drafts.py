"""Drafts of disputes: the raise form's answers kept in the database for their author, so a
dispute begun can be finished after signing out; and their expiry, with a reminder.

A draft holds the form's stored answers as the form keeps them (`data`), including the
names its evidence has in the form's file storage (`wizard_file_storage`); those files
belong to the draft until it is sent or deleted."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.common.services import require
from cases.disputes.models import DRAFT_DAYS, DRAFT_REMINDER_DAYS, DisputeDraft
from cases.disputes.services.raising import wizard_file_storage
from cases.register.selectors import mail_languages
from workflows.notifications import Message, notify_all

MAX_DRAFTS = 20  # an author's most recent drafts kept


def _file_names(data: dict) -> list[str]:
    """The form's stored evidence files named in a draft's answers."""
    names = []
    for step_files in (data or {}).get("step_files", {}).values():
        for stored in (step_files or {}).values():
            if isinstance(stored, dict) and stored.get("tmp_name"):
                names.append(stored["tmp_name"])
    return names


def draft_save(*, by, draft_id: int | None, data: dict, title: str) -> DisputeDraft:
    """Keep the raise form's answers so far as the author's draft (a new one, or the one
    they are continuing), to be finished later."""
    with transaction.atomic():
        draft = None
        if draft_id:
            draft = DisputeDraft.objects.select_for_update().filter(pk=draft_id, author=by).first()
        if draft is None:
            draft = DisputeDraft(author=by)
        draft.data = data
        draft.title = Truncator(" ".join((title or "").split())).chars(200)
        draft.saved_at = timezone.now()
        draft.reminded_at = None
        draft.save()
        # Each author keeps their most recent drafts; older ones go, with their evidence.
        _remove(DisputeDraft.objects.filter(author=by).order_by("-saved_at")[MAX_DRAFTS:])
    return draft


def draft_delete(*, draft: DisputeDraft, by) -> None:
    """The author deletes a draft (or sends it): its answers and its evidence go."""
    require(draft.author_id == by.pk, _("Only its author can delete a draft."))
    _remove(DisputeDraft.objects.filter(pk=draft.pk))


def draft_sent(*, draft_id: int | None, by) -> None:
    """The draft became a dispute: it is no longer a draft (its evidence was copied)."""
    if draft_id:
        _remove(DisputeDraft.objects.filter(pk=draft_id, author=by))


def draft_opened(*, draft: DisputeDraft) -> None:
    """Its author continues the draft: it counts as saved now (it is not deleted under
    them)."""
    DisputeDraft.objects.filter(pk=draft.pk).update(saved_at=timezone.now(), reminded_at=None)


def remove_drafts(drafts) -> int:
    """Delete drafts and, once committed, their evidence files (an author erased)."""
    return _remove(drafts)


@transaction.atomic
def _remove(drafts) -> int:
    storage = wizard_file_storage()
    removed = 0
    ids = list(drafts.values_list("pk", flat=True))
    for draft in DisputeDraft.objects.filter(pk__in=ids).select_for_update():
        names = _file_names(draft.data)
        draft.delete()
        removed += 1
        for name in names:
            transaction.on_commit(lambda name=name: storage.delete(name))
    return removed


def draft_file_names() -> set[str]:
    """Every evidence file a draft keeps (the abandoned-upload sweep leaves them)."""
    names = set()
    for data in DisputeDraft.objects.values_list("data", flat=True).iterator():
        names.update(_file_names(data))
    return names


@transaction.atomic
def expire_drafts(*, now=None) -> str:
    """Remind the authors of drafts due to be deleted within a week, once; delete drafts
    not saved for `DRAFT_DAYS`, with their evidence. Run by the timer loop."""
    now = now or timezone.now()
    deleted = _remove(
        DisputeDraft.objects.filter(saved_at__lt=now - datetime.timedelta(days=DRAFT_DAYS))
    )
    due = list(
        DisputeDraft.objects.select_for_update(skip_locked=True)
        .filter(
            reminded_at=None,
            saved_at__lt=now - datetime.timedelta(days=DRAFT_DAYS - DRAFT_REMINDER_DAYS),
        )
        .select_related("author")
    )
    DisputeDraft.objects.filter(pk__in=[d.pk for d in due]).update(reminded_at=now)
    # In the languages of the compact the draft is under, once one is chosen.
    languages = mail_languages({_compact_id(draft) for draft in due} - {None})
    notify_all(
        Message(
            [draft.author.email],
            "dispute_draft_reminder",
            {"draft": draft, "mail_languages": languages.get(_compact_id(draft))},
        )
        for draft in due
    )
    if not (deleted or due):
        return ""
    return f"dispute drafts: {len(due)} reminded, {deleted} deleted"


def _compact_id(draft: DisputeDraft) -> int | None:
    """The compact chosen on the draft's first page, if it has been."""
    chosen = (draft.data or {}).get("step_data", {}).get("compact", {}).get("compact-compact")
    try:
        return int(chosen[0]) if chosen else None
    except (TypeError, ValueError):
        return None
