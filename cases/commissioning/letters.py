"""The bid result letters: one tagged PDF a bidder, awarded or unsuccessful, with the
feedback, sent to the organisation's people and kept with the bid."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.common.pdf import render_pdf
from workflows import jobs
from workflows.notifications import in_languages


def bid_letter_pdf(bid) -> bytes:
    """The result letter, in the languages of the compact (Welsh and English for a Welsh one)."""
    return render_pdf(
        "letters/bid_result.html",
        lambda: {
            "bid": bid,
            "exercise": bid.exercise,
            "compact": bid.exercise.compact,
            # The letter tells the award's decision: it is dated the day it was made.
            "today": bid.exercise.awarded_on or timezone.localdate(),
            "winners": [
                _("%(organisation)s (scored %(score)s)")
                % {"organisation": b.organisation.name, "score": b.score}
                if bid.exercise.compact.publish_winning_score and b.score is not None
                else b.organisation.name
                for b in bid.exercise.bids.filter(status="awarded").select_related("organisation")
            ],
            # The bid's score on each published criterion, with its weight.
            "parts": [
                (s.criterion.name, s.criterion.weight, s.score)
                for s in bid.scores.select_related("criterion").order_by(
                    "criterion__position", "criterion_id"
                )
            ],
            # A challenge in the standstill: the raise form filled in from the award.
            "dispute_url": f"{settings.SITE_URL}{reverse('dispute-new')}?award={bid.exercise_id}",
        },
        languages=bid.exercise.compact.mail_languages,
    )


def _email_letter(bid, letter, filename: str, to: list[str]) -> None:
    def write():
        return (
            _("The result of your bid for %(reference)s") % {"reference": bid.exercise.reference},
            _('The result of %(organisation)s\'s bid for "%(title)s" is attached, with feedback.')
            % {"organisation": bid.organisation.name, "title": bid.exercise.title}
            + f"\n\n{settings.SITE_URL}{bid.get_absolute_url()}\n",
        )

    subject, body = in_languages(bid.exercise.compact.mail_languages, write)
    jobs.email(to=to, subject=subject, body=body, attachment=letter.file.name, name=filename)


def bid_letters_send(*, exercise_id: int, resend: bool = False) -> int:
    """One letter a bidder: awarded or unsuccessful, with the feedback. Safe to run again:
    a bid that already has its letter is skipped (`resend`: its letter is e-mailed again,
    for a job carried over from the old queue, whose send may never have happened)."""
    from cases.commissioning.models import Bid, BidLetter, BidStatus
    from cases.register.models import Membership

    bids = Bid.objects.filter(
        exercise_id=exercise_id, status__in=[BidStatus.AWARDED, BidStatus.UNSUCCESSFUL]
    ).select_related("exercise__compact", "organisation", "exercise__commissioner")
    sent = 0
    for bid in bids:
        filename = f"{bid.exercise.reference}-{bid.organisation.slug}.pdf"
        to = [
            m.user.email
            for m in Membership.objects.filter(organisation=bid.organisation).select_related("user")
            if m.user.email
        ] or ([bid.organisation.email] if bid.organisation.email else [])
        made = BidLetter.objects.filter(bid=bid).first()
        if made is not None:
            if resend and to:
                with transaction.atomic():
                    _email_letter(bid, made, filename, to)
            continue
        pdf = bid_letter_pdf(bid)
        # The letter and its e-mail are made together, once: a job that runs twice finds
        # the letter made and sends nothing more.
        with transaction.atomic():
            if BidLetter.objects.select_for_update().filter(bid=bid).exists():
                continue
            letter = BidLetter(bid=bid)
            letter.file.save(filename, ContentFile(pdf), save=False)
            letter.save()
            if to:
                _email_letter(bid, letter, filename, to)
        sent += 1
    return sent
