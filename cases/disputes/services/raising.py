"""Raising a dispute (the record and its procedure in one transaction), adding its
documents, and the informal stage's notes of contacts and meetings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.common.formats import in_english
from cases.common.services import refuse, require
from cases.common.storage import RandomNameStorage
from cases.common.text import hidden_characters
from cases.common.uploads import MAX_FILES, check_upload, safe_display_name
from cases.disputes import sources
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import (
    SUBJECT_LENGTH,
    Dispute,
    DisputeDocument,
    DisputeEvent,
    DisputeStage,
)
from cases.disputes.rules import (
    is_champion,
    is_mediator,
    is_party,
)
from cases.disputes.services._base import Kind, _event, _lock, _notify_parties, _start_stage_clock
from cases.register import references
from cases.register.models import (
    Commitment,
    Compact,
    Organisation,
    Signatory,
)
from cases.register.rules import is_member
from workflows.notifications import notify


def _create(
    *,
    compact: Compact,
    by,
    complainant: Organisation,
    respondent: Organisation,
    commitments: Iterable[Commitment],
    what_happened: str,
    happened_on: datetime.date,
    already_tried: str,
    outcome_sought: str,
    submission_key: str,
    evidence: Iterable[Any] = (),
    subject: str = "",
    source: tuple[str, int] | None = None,
) -> tuple[Dispute, bool]:
    """A member of a signatory organisation raises a dispute against another signatory.

    Returns the dispute and whether it is new: the same `submission_key` returns the
    dispute it first made, so a double submit makes one dispute. The caller starts the
    workflow.
    """
    existing = Dispute.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    require(is_member(by, complainant), _("You can only raise a dispute for your organisation."))
    signed = set(
        Signatory.current.filter(
            compact=compact, organisation__in=[complainant, respondent]
        ).values_list("organisation_id", flat=True)
    )
    errors = {}
    if complainant.pk not in signed:
        errors["complainant"] = _("%(organisation)s has not signed %(compact)s") % {
            "organisation": complainant,
            "compact": compact,
        }
    if respondent.pk == complainant.pk:
        errors["respondent"] = _("Choose a different organisation from your own")
    elif respondent.pk not in signed:
        errors["respondent"] = _("%(organisation)s has not signed %(compact)s") % {
            "organisation": respondent,
            "compact": compact,
        }
    commitments = list(commitments)
    if not commitments:
        errors["commitments"] = _("Select the commitments you say were broken")
    elif any(c.compact_id != compact.pk for c in commitments):
        errors["commitments"] = _("Select commitments of this compact only")
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("The date it happened must be today or in the past")
    if refusal := hidden_characters(subject):
        errors["subject"] = refusal
    elif len((subject or "").strip()) > SUBJECT_LENGTH:
        errors["subject"] = _("The subject must be %(count)s characters or fewer") % {
            "count": SUBJECT_LENGTH
        }
    for field, text in (
        ("what_happened", what_happened),
        ("already_tried", already_tried),
        ("outcome_sought", outcome_sought),
    ):
        if refusal := hidden_characters(text):
            errors[field] = refusal
        elif not (text or "").strip():
            errors[field] = _("This cannot be blank")
    evidence = list(evidence)
    if len(evidence) > MAX_FILES:
        errors["evidence"] = ngettext(
            "Attach up to %(count)s file", "Attach up to %(count)s files", MAX_FILES
        ) % {"count": MAX_FILES}
    content_types = []
    for upload in evidence:
        try:
            content_types.append(check_upload(upload))
        except ValidationError as error:
            errors["evidence"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    source_name, source_pk = _source(
        source, compact=compact, respondent=respondent, complainant=complainant
    )
    try:
        with transaction.atomic():
            dispute = Dispute(
                reference=references.provisional(),
                compact=compact,
                raised_by=by,
                complainant=complainant,
                respondent=respondent,
                subject=" ".join((subject or "").split()),
                what_happened=what_happened.strip(),
                happened_on=happened_on,
                already_tried=already_tried.strip(),
                outcome_sought=outcome_sought.strip(),
                submission_key=submission_key,
                source=source_name,
                source_pk=source_pk,
            )
            _start_stage_clock(dispute)
            dispute.save()
            dispute.commitments.set(commitments)
            _event(
                dispute,
                actor=by,
                kind=Kind.RAISED,
                title=f"{complainant} raised the dispute",
                body=_refs_and_titles(commitments),
            )
            for upload, content_type in zip(evidence, content_types, strict=True):
                _store_document(dispute, by=by, upload=upload, content_type=content_type)
            # After the uploads (the slow part), so the compact's counter is held only from
            # here, through starting the procedure (`dispute_raise`), to the commit.
            references.assign(dispute, compact=compact, kind="D")
    except IntegrityError:
        existing = Dispute.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise  # not the same form sent twice: a real conflict
        return existing, False
    _notify_parties(dispute, "dispute_raised")
    if compact.champion and compact.champion.email:
        notify(
            to=[compact.champion.email],
            template="dispute_for_champion",
            context={"dispute": dispute, "compact": compact},
        )
    return dispute, True


def _source(source, *, compact, respondent, complainant) -> tuple[str, int | None]:
    """The record the dispute is raised from, kept only while it may still be disputed,
    only if the dispute is about it (the same compact and respondent), only for a
    complainant the record allows (an award's unsuccessful bidders), and once for each
    complainant while their dispute about it is open. Otherwise the dispute stands alone."""
    if not source:
        return "", None
    name, pk = source
    facts = sources.prefill(name, pk)
    if (
        facts is None
        or facts["compact_id"] != compact.pk
        or facts["respondent_id"] != respondent.pk
        or ("complainant_ids" in facts and complainant.pk not in facts["complainant_ids"])
    ):
        return "", None
    if Dispute.objects.filter(
        source=name,
        source_pk=int(pk),
        complainant=complainant,
        stage__in=DisputeStage.open_stages(),
    ).exists():
        return "", None
    return name, int(pk)


def _store_document(
    dispute, *, by, upload, content_type, answer=None, without_prejudice=None
) -> DisputeDocument:
    # Papers the parties or the mediator put in during mediation are without prejudice
    # (unless the caller says otherwise: the respondent's answer's evidence never is).
    if without_prejudice is None:
        without_prejudice = dispute.stage == DisputeStage.MEDIATION and (
            is_party(by, dispute) or is_mediator(by, dispute)
        )
    document = DisputeDocument(
        dispute=dispute,
        uploaded_by=by,
        original_name=safe_display_name(upload.name),
        content_type=content_type,
        size=upload.size,
        stage=dispute.stage,
        without_prejudice=without_prejudice,
        answer=answer,
    )
    document.file.save("upload", upload, save=False)
    try:
        with transaction.atomic():
            document.save()
            _event(
                dispute,
                actor=by,
                kind=Kind.DOCUMENT,
                title=f"Document added: {document.original_name}",
                without_prejudice=without_prejudice,
            )
    except Exception:
        document.file.delete(save=False)  # no row, no file left behind
        raise
    return document


def dispute_add_document(*, dispute: Dispute, by, upload) -> DisputeDocument:
    """A party, the Champion or the mediator adds a document. During mediation it is a
    without-prejudice paper: the parties and the mediator see it, the panel never does."""
    require(
        is_party(by, dispute)
        or is_champion(by, dispute)
        or (is_mediator(by, dispute) and dispute.stage == DisputeStage.MEDIATION),
        _("Only the parties, the Champion and, during mediation, the mediator can add documents."),
    )
    content_type = check_upload(upload)
    with transaction.atomic():
        dispute = _lock(dispute)
        if not dispute.is_open:
            refuse(_("Documents cannot be added to a dispute that has ended."))
        return _store_document(dispute, by=by, upload=upload, content_type=content_type)


@transaction.atomic
def dispute_add_note(
    *, dispute: Dispute, by, kind: str, text: str, occurred_on: datetime.date | None = None
) -> DisputeEvent:
    """The Champion (or in mediation, the mediator) notes a contact or a meeting."""
    if kind not in (Kind.NOTE, Kind.CONTACT, Kind.MEETING):
        refuse(_("Choose whether this is a note, a contact or a meeting"), "kind")
    if not (text or "").strip():
        refuse(_("Enter the note"), "text")
    if occurred_on and occurred_on > timezone.localdate():
        refuse(_("The date must be today or in the past"), "occurred_on")
    dispute = _lock(dispute)
    if dispute.stage == DisputeStage.MEDIATION:
        require(is_mediator(by, dispute), _("During mediation only the mediator keeps notes."))
    else:
        require(is_champion(by, dispute), _("Only the Champion keeps notes at this stage."))
    if not dispute.is_open:
        refuse(_("Notes cannot be added to a dispute that has ended."))
    with in_english():  # the timeline's title stays in English
        label = str(Kind(kind).label)
    return _event(
        dispute,
        actor=by,
        kind=kind,
        title=label,
        body=text.strip(),
        occurred_on=occurred_on,
        without_prejudice=dispute.stage == DisputeStage.MEDIATION,
    )


# Starting.


def dispute_raise(**kwargs) -> tuple[Dispute, bool]:
    """Raise a dispute (see `_create`) and start the
    procedure: the Champion's triage task. One transaction, so a dispute never exists
    without its procedure."""
    with transaction.atomic():
        dispute, created = _create(**kwargs)
        if created:
            DisputeFlow.start.run(dispute=dispute)
    return dispute, created


# The raise form's evidence, between its pages.


def wizard_file_storage():
    """The raise form's evidence waits here between the upload page and the final submit:
    private, under MEDIA_ROOT, never served, and under random names (the uploader's is
    kept in the session, for showing). A raise abandoned half-way leaves its files here until
    `remove_abandoned_uploads` takes them away."""
    return RandomNameStorage(location=settings.MEDIA_ROOT / "wizard")


def remove_abandoned_uploads(*, older_than=None) -> str:
    """Remove the evidence of raises abandoned half-way: files waiting in the wizard's
    storage for longer than a session lasts (SESSION_COOKIE_AGE), after which no session
    can still submit them, unless a draft keeps them (`services.drafts`). Run by the
    timer loop (`cases/wiring.py`)."""
    from cases.disputes.services.drafts import draft_file_names

    storage = wizard_file_storage()
    if not storage.exists(""):
        return ""
    kept = None  # read only when some file is old enough to go
    cutoff = timezone.now() - (
        older_than or datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    _folders, names = storage.listdir("")
    removed = 0
    for name in names:
        try:
            if storage.get_modified_time(name) < cutoff:
                kept = draft_file_names() if kept is None else kept
                if name in kept:
                    continue
                storage.delete(name)
                removed += 1
        except FileNotFoundError:
            continue  # submitted, or removed by another timer loop, meanwhile
    return f"{removed} abandoned upload(s) removed" if removed else ""


def _refs_and_titles(commitments) -> str:
    """The commitments a dispute cites, for its timeline: kept in English."""
    with in_english():
        return ", ".join(f"{c.ref} {c.title}" for c in commitments)
