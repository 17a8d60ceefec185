"""Your work: what a signed-in person has to do, in one place. Each part reads only the
person's own work, a few rows each, and links to the full list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cases.commissioning import selectors as commissioning
from cases.disputes import selectors as disputes
from workflows import selectors as steps
from workflows.models import Notification

SHOWN = 5  # rows of each part; each links to its whole list


@login_required
def your_work(request):
    user = request.user
    mine = steps.filtered(steps.inbox_entries(user), sort="due").values_list("task_id", flat=True)
    queued = steps.queue_count(user)
    exercises = list(
        commissioning.commissioner_exercises(user, stage="open", sort="newest")[:SHOWN]
    )
    commissioning.next_steps(exercises)
    bids = commissioning.bids_of(user)
    open_bids = bids.filter(status__in=["draft", "submitted"])
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    open_disputes = disputes.dispute_list(user=user, stage="open", sort="due")
    return render(
        request,
        "home/your_work.html",
        {
            "steps": steps.page_rows(mine[:SHOWN], user=user),
            "queue_total": queued,
            "standing_aside": steps.standing_aside(user) if not queued else 0,
            "disputes": list(open_disputes.select_related("compact")[: SHOWN + 1]),
            "drafts": disputes.drafts_of(user),
            "exercises": exercises,
            "commissions": commissioning.commissioned_by(user).exists(),
            "bids": list(open_bids[:SHOWN]),
            "bids_total": bids.count(),
            "unread": list(unread.only("pk", "subject", "created_at")[:SHOWN]),
            "unread_total": unread.count(),
            "shown": SHOWN,
        },
    )
