"""The dispute's papers: one tagged PDF for the panel and the parties, with the complaint,
the respondent's answer, the timeline and an index of the documents with their dates.
Never any without-prejudice material (mediation papers), whoever asks: the panel must
not see it, and the papers are the same for everyone.

Made off the request by the worker (`cases.disputes.jobs.render_bundle`), when a party,
the Champion or the joint body asks for it and when the dispute goes to arbitration."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.common.pdf import render_pdf
from cases.disputes.models import Dispute
from cases.disputes.selectors import cited


def bundle_pdf(dispute: Dispute) -> bytes:
    from cases.disputes.selectors import dispute_answer

    return render_pdf(
        "letters/bundle.html",
        {
            "dispute": dispute,
            "compact": dispute.compact,
            "commitments": cited(dispute),
            "answer": dispute_answer(dispute),
            "events": dispute.events.filter(without_prejudice=False).select_related("actor"),
            "documents": dispute.documents.filter(without_prejudice=False).select_related(
                "uploaded_by"
            ),
            "panel": dispute.panel.select_related("user", "organisation"),
            "messages": dispute.messages.filter(without_prejudice=False).select_related(
                "author", "attachment"
            ),
            "made_at": timezone.now(),
        },
    )


def bundle_make(*, dispute_id: int) -> str:
    """Make the papers as the dispute stands now and keep them with it (the last made
    replaces the one before). Returns the file's name."""
    dispute = Dispute.objects.select_related("compact", "complainant", "respondent").get(
        pk=dispute_id
    )
    pdf = bundle_pdf(dispute)
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(pk=dispute_id)
        old = dispute.bundle.name
        dispute.bundle.save(f"{dispute.reference}-papers.pdf", ContentFile(pdf), save=False)
        # Made now: a request that came while it was being made is met by it.
        dispute.bundle_made_at = timezone.now()
        Dispute.objects.filter(pk=dispute.pk).update(
            bundle=dispute.bundle.name, bundle_made_at=dispute.bundle_made_at
        )
        if old and old != dispute.bundle.name:
            transaction.on_commit(lambda: dispute.bundle.storage.delete(old))
    return dispute.bundle.name
