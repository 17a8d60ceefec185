"""Letters as accessible PDFs, made with WeasyPrint from HTML templates."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Dispute, DisputeEvent


def render_pdf(template: str, context: dict) -> bytes:
    """Render an HTML template to a tagged PDF/UA-1 document (headings, reading order and
    language are kept for screen readers)."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "service_name": settings.SERVICE_NAME})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def decision_letter_pdf(dispute: Dispute) -> bytes:
    # The arbitration record: the decision and the public facts of the case. Mediation
    # papers are without prejudice and are never part of it.
    return render_pdf(
        "letters/decision.html",
        {
            "dispute": dispute,
            "compact": dispute.compact,
            "commitments": dispute.commitments.all(),
            "panel": dispute.panel.select_related("user", "organisation"),
            "today": timezone.localdate(),
        },
    )


def decision_letter_send(*, dispute_id: int) -> str:
    from cases.services.disputes import party_emails

    dispute = Dispute.objects.select_related("compact", "complainant", "respondent").get(
        pk=dispute_id
    )
    pdf = decision_letter_pdf(dispute)
    filename = f"{dispute.reference}-decision.pdf"
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(pk=dispute_id)
        if dispute.decision_letter:
            dispute.decision_letter.delete(save=False)
        dispute.decision_letter.save(filename, ContentFile(pdf), save=True)
        DisputeEvent.objects.create(
            dispute=dispute,
            kind=DisputeEvent.Kind.LETTER,
            stage=dispute.stage,
            title="Decision letter sent to both parties",
        )
    message = EmailMessage(
        subject=f"Decision on dispute {dispute.reference}",
        body=(
            f"The arbitration panel has decided dispute {dispute.reference} "
            f"under {dispute.compact.name}. The decision letter is attached.\n\n"
            f"{settings.SITE_URL}{dispute.get_absolute_url()}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=sorted(set(party_emails(dispute))),
    )
    message.attach(filename, pdf, "application/pdf")
    message.send()
    return dispute.decision_letter.name


def bid_letter_pdf(bid) -> bytes:
    return render_pdf(
        "letters/bid_result.html",
        {
            "bid": bid,
            "exercise": bid.exercise,
            "compact": bid.exercise.compact,
            "today": timezone.localdate(),
        },
    )


def bid_letters_send(*, exercise_id: int) -> int:
    """One letter a bidder: awarded or unsuccessful, with the feedback. Safe to run again:
    a bid that already has its letter is skipped."""
    from cases.models import Bid, BidLetter, BidStatus, Membership

    bids = Bid.objects.filter(
        exercise_id=exercise_id, status__in=[BidStatus.AWARDED, BidStatus.UNSUCCESSFUL]
    ).select_related("exercise__compact", "organisation", "exercise__commissioner")
    sent = 0
    for bid in bids:
        if BidLetter.objects.filter(bid=bid).exists():
            continue
        pdf = bid_letter_pdf(bid)
        filename = f"{bid.exercise.reference}-{bid.organisation.slug}.pdf"
        with transaction.atomic():
            letter = BidLetter(bid=bid)
            letter.file.save(filename, ContentFile(pdf), save=False)
            letter.save()
        to = [
            m.user.email
            for m in Membership.objects.filter(organisation=bid.organisation).select_related("user")
            if m.user.email
        ] or ([bid.organisation.email] if bid.organisation.email else [])
        if to:
            message = EmailMessage(
                subject=f"The result of your bid for {bid.exercise.reference}",
                body=(
                    f"The result of {bid.organisation.name}'s bid for "
                    f'"{bid.exercise.title}" is attached, with feedback.\n\n'
                    f"{settings.SITE_URL}{bid.get_absolute_url()}\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=sorted(set(to)),
            )
            message.attach(filename, pdf, "application/pdf")
            message.send()
        sent += 1
    return sent
