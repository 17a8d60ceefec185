"""The dispute's messages: a thread between the parties and the Champion, and in
mediation the mediator, each message telling the others. What the parties or the
mediator write during mediation is without prejudice, like their papers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.common.services import refuse, require
from cases.common.text import plain
from cases.common.uploads import check_upload
from cases.disputes.models import Dispute, DisputeMessage, DisputeStage
from cases.disputes.rules import is_champion, is_complainant, is_mediator, is_party
from cases.disputes.selectors import message_recipients
from cases.disputes.services._base import _lock
from cases.disputes.services.raising import _store_document
from cases.register.rules import is_member
from workflows.notifications import notify

MAX_MESSAGE = 5_000


def _role(user, dispute: Dispute) -> str:
    if is_complainant(user, dispute):
        return f"for {dispute.complainant.name}"
    if is_member(user, dispute.respondent):
        return f"for {dispute.respondent.name}"
    if is_mediator(user, dispute):
        return "the mediator"
    return "the Compact Champion"


def dispute_post_message(*, dispute: Dispute, by, body: str, upload: Any = None) -> DisputeMessage:
    """A party, the Champion or (in mediation) the mediator writes to the others on the
    dispute, with a file if they like (checked like every upload)."""
    in_mediation = dispute.stage == DisputeStage.MEDIATION
    require(
        is_party(by, dispute)
        or is_champion(by, dispute)
        or (in_mediation and is_mediator(by, dispute)),
        _("Only the parties, the Champion and, in mediation, the mediator write messages here."),
    )
    body = plain(body, field="body")
    if not body:
        refuse(_("Enter your message"), "body")
    if len(body) > MAX_MESSAGE:
        refuse(
            _("Your message must be %(count)s characters or fewer") % {"count": f"{MAX_MESSAGE:,}"},
            "body",
        )
    content_type = check_upload(upload) if upload else None
    with transaction.atomic():
        dispute = _lock(dispute)
        if not dispute.is_open:
            refuse(_("The dispute has ended: messages can no longer be sent on it."))
        without_prejudice = dispute.stage == DisputeStage.MEDIATION and (
            is_party(by, dispute) or is_mediator(by, dispute)
        )
        attachment = (
            _store_document(dispute, by=by, upload=upload, content_type=content_type)
            if upload
            else None
        )
        message = DisputeMessage.objects.create(
            dispute=dispute,
            author=by,
            role=_role(by, dispute),
            body=body,
            attachment=attachment,
            stage=dispute.stage,
            without_prejudice=without_prejudice,
        )
        notify(
            to=[e for e in message_recipients(dispute, without_prejudice) if e != by.email],
            template="dispute_message",
            context={"dispute": dispute, "compact": dispute.compact, "message": message},
        )
    return message
