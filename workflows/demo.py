"""Demo disputes at every stage, walked through the real services so their timelines,
tasks and audit logs are what a real dispute would have. Idempotent: a dispute that is
already there is left alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Compact, Dispute, DisputeOutcome, Membership, Organisation, Sector
from cases.services import disputes as dispute_services
from workflows import services
from workflows.flows import DisputeFlow

STORIES = {
    "submitted": "waiting for the Champion's triage",
    "informal": "in informal resolution",
    "informal-overdue": "in informal resolution, past its time limit",
    "appoint": "in mediation, waiting for the joint body to appoint a mediator",
    "confirm": "in mediation, waiting for the respondent to accept the mediator",
    "mediation": "with the mediator",
    "panel": "in arbitration, waiting for the joint body to form a panel",
    "arbitration": "with the arbitration panel's chair",
    "decided": "decided at arbitration: partly upheld",
    "resolved": "resolved informally",
    "outside": "closed at triage as outside the Compact",
    "withdrawn": "withdrawn by the complainant",
}


def _task(dispute, node):
    return services.open_tasks(dispute).get(flow_task=node)


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _walk(compact: Compact, short: str, key: str, story: str) -> Dispute | None:
    submission_key = f"demo-dispute-{compact.slug}-{key}"
    if Dispute.objects.filter(submission_key=submission_key).exists():
        return None
    complainant = _user(f"complainant-{short}")
    complainant_org = Organisation.objects.get(
        memberships__user=complainant, memberships__role=Membership.Role.ADMINISTRATOR
    )
    council = (
        compact.signatories.filter(organisation__sector=Sector.STATUTORY)
        .order_by("pk")[0]
        .organisation
    )
    commitments = list(compact.commitments.filter(code="funding")[:2]) or list(
        compact.commitments.all()[:1]
    )
    dispute, _ = services.dispute_raise(
        compact=compact,
        by=complainant,
        complainant=complainant_org,
        respondent=council,
        commitments=commitments,
        what_happened=(
            f"Demo dispute {story}. The council opened a grant round for community "
            "transport with ten days to bid and did not publicise it beyond its website."
        ),
        happened_on=timezone.localdate() - datetime.timedelta(days=40),
        already_tried="We wrote to the grants team and raised it at the council's "
        "voluntary sector forum; we had no reply.",
        outcome_sought="Reopen the round for at least six weeks and publicise it widely.",
        submission_key=submission_key,
    )
    champion = compact.champion
    if key == "submitted":
        return dispute
    if key == "outside":
        services.triage_complete(
            task=_task(dispute, DisputeFlow.triage),
            by=champion,
            accept=False,
            text="The complaint is about a planning decision, which the Compact does not cover.",
        )
        return dispute
    services.triage_complete(
        task=_task(dispute, DisputeFlow.triage), by=champion, accept=True, text="Within scope."
    )
    dispute.refresh_from_db()
    if key == "withdrawn":
        services.dispute_withdraw(
            dispute=dispute, by=complainant, reason="The council reopened the round."
        )
        return dispute
    dispute_services.dispute_add_note(
        dispute=dispute,
        by=champion,
        kind="meeting",
        text="Met both organisations. The council will check how the round was advertised.",
    )
    if key == "informal":
        return dispute
    if key == "informal-overdue":
        # Started 30 working days ago: past the informal stage's limit.
        dispute.stage_started_on = timezone.localdate() - datetime.timedelta(days=42)
        dispute.due_on = timezone.localdate() - datetime.timedelta(days=14)
        dispute.save(update_fields=["stage_started_on", "due_on"])
        services._rearm_timers(dispute)
        return dispute
    if key == "resolved":
        services.informal_complete(
            task=_task(dispute, DisputeFlow.informal),
            by=champion,
            resolved=True,
            text="The council agreed to extend the round by four weeks.",
        )
        return dispute
    services.informal_complete(
        task=_task(dispute, DisputeFlow.informal),
        by=champion,
        resolved=False,
        text="The council will not reopen the round.",
    )
    dispute.refresh_from_db()
    if key == "appoint":
        return dispute
    appointer = _user(f"jb-vcs-{short}")
    task = _task(dispute, DisputeFlow.appoint_mediator)
    services.task_claim(task=task, by=appointer)
    services.appoint_mediator_complete(
        task=task, by=appointer, mediator=compact.mediators.get(user__username=f"mediator-{short}")
    )
    services.confirm_mediator_complete(
        task=_task(dispute, DisputeFlow.complainant_confirms_mediator),
        by=complainant,
        accepts=True,
    )
    if key == "confirm":
        return dispute
    respondent_task = _task(dispute, DisputeFlow.respondent_confirms_mediator)
    services.confirm_mediator_complete(task=respondent_task, by=respondent_task.owner, accepts=True)
    dispute.refresh_from_db()
    mediator = dispute.mediator.user
    dispute_services.dispute_add_note(
        dispute=dispute,
        by=mediator,
        kind="meeting",
        text="Without prejudice: the council floated a three-week extension.",
    )
    if key == "mediation":
        return dispute
    services.mediation_complete(
        task=_task(dispute, DisputeFlow.mediation),
        by=mediator,
        agreed=False,
        summary="The parties did not agree.",
    )
    dispute.refresh_from_db()
    if key == "panel":
        return dispute
    chair_user = _user(f"chair-{short}")
    task = _task(dispute, DisputeFlow.form_panel)
    services.task_claim(task=task, by=chair_user)
    seats = list(dispute_services.eligible_panel_members(dispute))
    chair_seat = next(s for s in seats if s.user == chair_user)
    vcs_seat = next(s for s in seats if s.organisation.sector == Sector.VCS)
    services.form_panel_complete(
        task=task, by=chair_user, members=[chair_seat, vcs_seat], chair=chair_seat
    )
    if key == "arbitration":
        return dispute
    services.arbitration_complete(
        task=_task(dispute, DisputeFlow.arbitration),
        by=chair_user,
        outcome=DisputeOutcome.PARTLY_UPHELD,
        decision=(
            "The panel finds that ten days was too short for small organisations to bid, "
            "which breaks the commitment to give sufficient time. The round was advertised "
            "on the council's website and in its newsletter, so the panel does not find a "
            "failure to publicise. The council should allow at least six weeks in future."
        ),
    )
    return dispute


def load_disputes(*, short_names: dict[str, str]) -> int:
    """Disputes at every stage in Swansea, and a few in each other compact."""
    made = 0
    for compact in Compact.objects.all():
        short = short_names[compact.slug]
        for seat in compact.joint_body.select_related("user"):
            services.joint_body_membership_sync(seat.user)
        keys = list(STORIES) if compact.slug == "swansea" else ["submitted", "informal", "panel"]
        for key in keys:
            with transaction.atomic():
                if _walk(compact, short, key, STORIES[key]):
                    made += 1
    return made
