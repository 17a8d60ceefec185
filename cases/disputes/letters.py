"""The decision letter: a tagged PDF of the panel's decision, sent to both parties and kept
with the dispute."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.common.pdf import render_pdf
from cases.disputes.models import Dispute, DisputeEvent
from cases.disputes.selectors import cited
from workflows import jobs
from workflows.notifications import in_languages


def decision_letter_pdf(dispute: Dispute) -> bytes:
    # The arbitration record: the decision and the public facts of the case. Mediation
    # papers are without prejudice and are never part of it.
    from cases.disputes.selectors import addressees

    return render_pdf(
        "letters/decision.html",
        lambda: {
            "addressees": addressees(dispute),
            "chair": dispute.panel_chair,
            "dispute": dispute,
            "compact": dispute.compact,
            "commitments": cited(dispute),
            "panel": dispute.panel.select_related("user", "organisation"),
            "today": timezone.localdate(),
        },
        # In the compact's languages: Welsh, then English, for a Welsh compact.
        languages=dispute.compact.mail_languages,
    )


def _email_letter(dispute: Dispute, filename: str) -> None:
    from cases.disputes.selectors import party_emails

    def write():
        return (
            _("Decision on dispute %(reference)s") % {"reference": dispute.reference},
            _(
                "The arbitration panel has decided dispute %(reference)s under %(compact)s. "
                "The decision letter is attached."
            )
            % {"reference": dispute.reference, "compact": dispute.compact.name}
            + f"\n\n{settings.SITE_URL}{dispute.get_absolute_url()}\n",
        )

    subject, body = in_languages(dispute.compact.mail_languages, write)
    jobs.email(
        to=party_emails(dispute),
        subject=subject,
        body=body,
        attachment=dispute.decision_letter.name,
        name=filename,
    )


def decision_letter_send(*, dispute_id: int, resend: bool = False) -> str:
    """Make the decision letter, keep it with the dispute and queue it to both parties, in
    one transaction. Once made it is not made again: a job that runs twice sends it once.
    `resend`: a letter already made is e-mailed again (for a job carried over from the
    old queue, whose send may never have happened)."""
    dispute = Dispute.objects.select_related("compact", "complainant", "respondent").get(
        pk=dispute_id
    )
    filename = f"{dispute.reference}-decision.pdf"
    if dispute.decision_letter:
        if resend:
            with transaction.atomic():
                _email_letter(dispute, filename)
        return dispute.decision_letter.name
    pdf = decision_letter_pdf(dispute)
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(pk=dispute_id)
        if dispute.decision_letter:  # made meanwhile by another run
            return dispute.decision_letter.name
        dispute.decision_letter.save(filename, ContentFile(pdf), save=True)
        DisputeEvent.objects.create(
            dispute=dispute,
            kind=DisputeEvent.Kind.LETTER,
            stage=dispute.stage,
            title="Decision letter sent to both parties",
        )
        _email_letter(dispute, filename)
    return dispute.decision_letter.name
