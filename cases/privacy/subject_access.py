"""A subject access export: everything the service holds about one person, as one zip of
JSON, their files and an index they can read (UK GDPR article 15).

It holds what is theirs: their account, roles, the disputes they raised or answered (with
what they wrote), their messages, the documents they uploaded, their bids and consultation
responses, their drafts, notifications, alerts, tokens, what they did (the audit log) and
what they read (the access log). Other people's personal data is left out: another person's
words, messages and uploads are not copied, and people appear by role, not name. A compact's
data protection officer exports what is held in their compacts (and the account); the whole
service's officer exports everything."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import PurePosixPath

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from cases.commissioning.models import (
    Alert,
    Bid,
    BidDocument,
    BidStatus,
    ConsultationResponse,
)
from cases.disputes.models import (
    Dispute,
    DisputeAnswer,
    DisputeDocument,
    DisputeDraft,
    DisputeEvent,
    DisputeMessage,
    Remedy,
)
from cases.register.models import AccessEvent, AuditEvent, SignupRequest
from cases.year.models import ActionPlanItem, ActionUpdate
from workflows.models import Notification

RESULT_GIVEN = (BidStatus.AWARDED, BidStatus.UNSUCCESSFUL)


def _when(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _in(queryset, compacts, path: str):
    """The queryset kept to the officer's compacts (None: the whole service)."""
    return queryset if compacts is None else queryset.filter(**{f"{path}__in": compacts})


def gather(person, compacts=None) -> dict:
    """What is held about `person`, as plain data (the export's data.json), and the files
    to copy (`files`: archive path -> FieldFile)."""
    files = {}
    data = {
        "made_at": _when(timezone.now()),
        "scope": "the whole service" if compacts is None else [c.name for c in compacts],
        "account": {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "joined": _when(person.date_joined),
            "last_signed_in": _when(person.last_login),
            "active": person.is_active,
        },
        "organisations": [
            {
                "organisation": m.organisation.name,
                "role": m.get_role_display(),
                "job_title": m.job_title,
                "contact": m.is_contact,
            }
            for m in _in(
                person.memberships.select_related("organisation"),
                compacts,
                "organisation__signatures__compact",
            ).distinct()
        ],
        "roles": [
            *[
                {"compact": s.compact.name, "role": f"Joint body {s.get_role_display().lower()}"}
                for s in _in(person.joint_body_seats.select_related("compact"), compacts, "compact")
            ],
            *[
                {"compact": m.compact.name, "role": "Mediator"}
                for m in _in(person.mediator_for.select_related("compact"), compacts, "compact")
            ],
            *[
                {"compact": c.name, "role": "Compact Champion"}
                for c in _in(person.champion_of.all(), compacts, "pk")
            ],
        ],
    }
    raised = _in(Dispute.objects.filter(raised_by=person), compacts, "compact")
    data["disputes_raised"] = [
        {
            "reference": d.reference,
            "compact": d.compact.name,
            "with": d.respondent.name,
            "for": d.complainant.name,
            "stage": d.get_stage_display(),
            "raised": _when(d.created_at),
            "subject": d.subject,
            "what_happened": d.what_happened,
            "already_tried": d.already_tried,
            "outcome_sought": d.outcome_sought,
        }
        for d in raised.select_related("compact", "respondent", "complainant")
    ]
    answered = _in(
        DisputeAnswer.objects.filter(answered_by=person), compacts, "dispute__compact"
    ).select_related("dispute")
    data["disputes_answered"] = [
        {
            "reference": a.dispute.reference,
            "answered": _when(a.answered_at),
            "account": a.account,
            "already_done": a.already_done,
            "offer": a.offer,
        }
        for a in answered
    ]
    data["dispute_messages"] = [
        {
            "dispute": m.dispute.reference,
            "sent": _when(m.created_at),
            "as": m.role,
            "without_prejudice": m.without_prejudice,
            "message": m.body,
        }
        for m in _in(
            DisputeMessage.objects.filter(author=person), compacts, "dispute__compact"
        ).select_related("dispute")
    ]
    # What they did, by kind: a line's own words may name someone else.
    data["dispute_history"] = [
        {"dispute": e.dispute.reference, "when": _when(e.created_at), "what": e.get_kind_display()}
        for e in _in(
            DisputeEvent.objects.filter(actor=person), compacts, "dispute__compact"
        ).select_related("dispute")
    ]
    uploads = []
    for document in _in(
        DisputeDocument.objects.filter(uploaded_by=person), compacts, "dispute__compact"
    ).select_related("dispute"):
        path = _file_path("disputes", document.dispute.reference, document.pk, document)
        files[path] = document.file
        uploads.append(
            {"dispute": document.dispute.reference, "name": document.original_name, "file": path}
        )
    data["dispute_documents"] = uploads
    data["dispute_drafts"] = (
        [
            {"title": d.title, "last_saved": _when(d.saved_at)}
            for d in DisputeDraft.objects.filter(author=person)
        ]
        if compacts is None
        else []
    )
    bids = []
    for bid in _in(
        Bid.objects.filter(created_by=person), compacts, "exercise__compact"
    ).select_related("exercise", "organisation"):
        bids.append(
            {
                "exercise": bid.exercise.reference,
                "title": bid.exercise.title,
                "organisation": bid.organisation.name,
                "status": bid.get_status_display(),
                "submitted": _when(bid.submitted_at),
                "proposal": bid.proposal,
                "direct_costs": str(bid.direct_costs) if bid.direct_costs is not None else None,
                "overheads": str(bid.overheads) if bid.overheads is not None else None,
                # Feedback is theirs once the result is given, as on the bid's page.
                "feedback": bid.feedback if bid.status in RESULT_GIVEN else "",
            }
        )
    data["bids"] = bids
    bid_uploads = []
    for document in _in(
        BidDocument.objects.filter(uploaded_by=person), compacts, "bid__exercise__compact"
    ).select_related("bid__exercise"):
        path = _file_path("bids", document.bid.exercise.reference, document.pk, document)
        files[path] = document.file
        bid_uploads.append(
            {
                "exercise": document.bid.exercise.reference,
                "name": document.original_name,
                "file": path,
            }
        )
    data["bid_documents"] = bid_uploads
    data["consultation_responses"] = [
        {
            "exercise": r.exercise.reference,
            "organisation": r.organisation.name,
            "sent": _when(r.created_at),
            "answers": r.answers,
        }
        for r in _in(
            ConsultationResponse.objects.filter(submitted_by=person), compacts, "exercise__compact"
        ).select_related("exercise", "organisation")
    ]
    data["remedy_notes"] = [
        {"dispute": r.dispute.reference, "when": _when(r.done_at), "note": r.done_note}
        for r in _in(
            Remedy.objects.filter(done_by=person), compacts, "dispute__compact"
        ).select_related("dispute")
    ] + [
        {"dispute": r.dispute.reference, "when": _when(r.challenged_at), "note": r.challenge}
        for r in _in(
            Remedy.objects.filter(challenged_by=person), compacts, "dispute__compact"
        ).select_related("dispute")
    ]
    data["signup_requests"] = [
        {
            "reference": s.reference,
            "compact": s.compact.name,
            "organisation": s.organisation_name,
            "sent": _when(s.created_at),
            "status": s.get_status_display(),
            "contact_name": s.contact_name,
            "contact_position": s.contact_position,
            "contact_email": s.contact_email,
            "contact_phone": s.contact_phone,
        }
        for s in _in(
            SignupRequest.objects.filter(submitted_by=person), compacts, "compact"
        ).select_related("compact")
    ]
    data["actions_led"] = [
        {"reference": a.reference, "action": a.action, "status": a.get_status_display()}
        for a in _in(ActionPlanItem.objects.filter(lead_person=person), compacts, "compact")
    ]
    data["action_updates"] = [
        {"action": u.action.reference, "when": _when(u.created_at), "note": u.note}
        for u in _in(
            ActionUpdate.objects.filter(by=person), compacts, "action__compact"
        ).select_related("action")
    ]
    data["what_they_did"] = [
        {"when": _when(e.created_at), "action": e.action, "record": e.object_repr}
        for e in _in(AuditEvent.objects.filter(actor=person), compacts, "compact")
    ]
    data["what_they_read"] = [
        {"when": _when(e.at), "case": e.reference, "what": e.get_kind_display(), "via": e.via}
        for e in _in(AccessEvent.objects.filter(user=person), compacts, "compact")
    ]
    if compacts is None:
        data["notifications"] = [
            {"sent": _when(n.created_at), "subject": n.subject, "message": n.body}
            for n in Notification.objects.filter(user=person)
        ]
        data["alerts"] = [
            {"keywords": a.keywords, "compact": a.compact.name if a.compact else None}
            for a in Alert.objects.filter(user=person).select_related("compact")
        ]
        data["api_tokens"] = [
            {
                "name": t.name,
                "starts": t.prefix,
                "made": _when(t.created_at),
                "expires": _when(t.expires_at),
                "revoked": _when(t.revoked_at),
            }
            for t in person.api_tokens.all()
        ]
    return {"data": data, "files": files}


def _file_path(folder: str, reference: str, pk: int, document) -> str:
    name = get_valid_filename(document.original_name) or "file"
    return str(PurePosixPath("files") / folder / reference / f"{pk}-{name}")


SECTIONS = [
    ("account", _("Your account")),
    ("organisations", _("The organisations you act for")),
    ("roles", _("Your roles in each compact")),
    ("disputes_raised", _("Disputes you raised")),
    ("disputes_answered", _("Disputes you answered")),
    ("dispute_messages", _("Your messages on disputes")),
    ("dispute_history", _("What you did on disputes")),
    ("dispute_documents", _("Documents you uploaded to disputes")),
    ("dispute_drafts", _("Your draft disputes")),
    ("bids", _("Your bids")),
    ("bid_documents", _("Documents you uploaded to bids")),
    ("consultation_responses", _("Your consultation responses")),
    ("remedy_notes", _("What you said about remedies")),
    ("signup_requests", _("Your requests to sign a compact")),
    ("actions_led", _("Actions you lead")),
    ("action_updates", _("Your reports on actions")),
    ("what_they_did", _("Changes you made (the audit log)")),
    ("what_they_read", _("Confidential records you read (the access log)")),
    ("notifications", _("The e-mails the service sent you")),
    ("alerts", _("Your alerts")),
    ("api_tokens", _("Your API tokens")),
]


def counts(gathered: dict) -> list[tuple[str, int]]:
    data = gathered["data"]
    return [
        (label, 1 if isinstance(data[key], dict) else len(data[key]))
        for key, label in SECTIONS
        if key in data
    ]


def archive(person, compacts=None) -> tuple[bytes, dict]:
    """The zip, and what it holds (for the page and the audit)."""
    gathered = gather(person, compacts)
    data = gathered["data"]
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for path, field in gathered["files"].items():
            try:
                with field.open("rb") as f:
                    zipped.writestr(path, f.read())
            except (FileNotFoundError, OSError):
                missing.append(path)
        zipped.writestr(
            "index.html",
            render_to_string(
                "privacy/subject_access_index.html",
                {
                    "LANGUAGE_CODE": translation.get_language(),
                    "data": data,
                    "sections": [(label, data[key]) for key, label in SECTIONS if key in data],
                    "missing": missing,
                },
            ),
        )
    return buffer.getvalue(), {"sections": counts(gathered), "missing": missing}
