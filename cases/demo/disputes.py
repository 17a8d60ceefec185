"""Demo disputes at every stage, walked through the real services so their timelines,
tasks and audit logs are what a real dispute would have. Idempotent: a dispute that is
already there is left alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from cases.common.working_days import add_working_days
from cases.demo import when
from cases.demo.stages import Cast, DisputeStages, Words
from cases.disputes import services
from cases.disputes.flow import DisputeFlow, RemedyFlow
from cases.disputes.models import Dispute, DisputeDraft, DisputeOutcome
from cases.disputes.selectors import open_tasks
from cases.register.models import Compact, Membership, Organisation, Sector
from cases.register.services import joint_body_membership_sync

DEMO_WORDS = Words(
    triage="Within scope.",
    informal="The council will not reopen the round.",
    mediation="The parties did not agree.",
    outcome=DisputeOutcome.PARTLY_UPHELD,
    decision=(
        "The panel finds that ten days was too short for small organisations to bid, "
        "which breaks the commitment to give sufficient time. The round was advertised "
        "on the council's website and in its newsletter, so the panel does not find a "
        "failure to publicise. The council should allow at least six weeks in future."
    ),
)

STORIES = {
    "submitted": "waiting for the Champion's triage",
    "informal": "in informal resolution, waiting for the respondent's answer",
    "informal-overdue": "in informal resolution, past its time limit, the answer late",
    "appoint": "in mediation, waiting for the joint body to appoint a mediator",
    "confirm": "in mediation, waiting for the respondent to accept the mediator",
    "mediation": "with the mediator",
    "panel": "in arbitration, waiting for the joint body to form a panel",
    "arbitration": "with the arbitration panel's chair",
    "decided": "decided at arbitration: partly upheld, with one remedy done, one overdue",
    "resolved": "resolved informally",
    "outside": "closed at triage as outside the Compact",
    "withdrawn": "withdrawn by the complainant",
}


def _task(dispute, node):
    return open_tasks(dispute).get(flow_task=node)


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _raise(compact: Compact, short: str, key: str, story: str):
    """Raise the story's dispute (complainant against the council), with its cast; None
    when it is already there."""
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
        subject="Ten days to bid for the community transport grant",
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
    stages = DisputeStages(
        Cast(
            champion=compact.champion,
            complainant=complainant,
            appointer=_user(f"jb-vcs-{short}"),
            mediator=compact.mediators.get(user__username=f"mediator-{short}"),
            panel_chair=_user(f"chair-{short}"),
        ),
        DEMO_WORDS,
    )
    return dispute, complainant, council, commitments, stages


def _walk(compact: Compact, short: str, key: str, story: str) -> Dispute | None:
    raised = _raise(compact, short, key, story)
    if raised is None:
        return None
    dispute, complainant, council, commitments, stages = raised
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
    stages.to(dispute, "informal")
    if key == "withdrawn":
        services.dispute_withdraw(
            dispute=dispute, by=complainant, reason="The council reopened the round."
        )
        return dispute
    services.dispute_add_note(
        dispute=dispute,
        by=champion,
        kind="meeting",
        text="Met both organisations. The council will check how the round was advertised.",
    )
    if key == "informal":
        services.dispute_post_message(
            dispute=dispute,
            by=complainant,
            body="Can the council say when it will answer? Our members are asking.",
        )
        services.dispute_post_message(
            dispute=dispute,
            by=champion,
            body="The council has ten working days to answer; I will chase it if it is late.",
        )
        return dispute
    if key == "informal-overdue":
        # Started 30 working days ago: past the informal stage's limit, and the
        # respondent's answer, asked for then, is late too.
        dispute.stage_started_on = timezone.localdate() - datetime.timedelta(days=42)
        dispute.due_on = timezone.localdate() - datetime.timedelta(days=14)
        dispute.save(update_fields=["stage_started_on", "due_on"])
        services.dispute_timers_refresh(dispute=dispute)
        answer = dispute.answer
        answer.asked_on = dispute.stage_started_on
        answer.due_on = add_working_days(answer.asked_on, compact.answer_days, compact.nation)
        answer.save(update_fields=["asked_on", "due_on"])
        services.answer_timers_refresh(dispute=dispute, due_on=answer.due_on)
        return dispute
    if key == "resolved":
        task = _task(dispute, DisputeFlow.answer)
        services.answer_complete(
            task=task,
            by=task.owner,
            account="The round was short because the funding had to be spent by March.",
            accepted=commitments,
            disputed=[],
            offer="We will extend the round by four weeks and advertise it through the CVS.",
        )
        services.informal_complete(
            task=_task(dispute, DisputeFlow.informal),
            by=champion,
            resolved=True,
            text="The council agreed to extend the round by four weeks.",
        )
        return dispute
    if key == "appoint":
        return stages.to(dispute, "mediation")
    if key == "confirm":
        stages.to(dispute, "mediator_appointed")
        services.confirm_mediator_complete(
            task=_task(dispute, DisputeFlow.complainant_confirms_mediator),
            by=complainant,
            accepts=True,
        )
        return dispute
    stages.to(dispute, "mediator_accepted")
    services.dispute_add_note(
        dispute=dispute,
        by=dispute.mediator.user,
        kind="meeting",
        text="Without prejudice: the council floated a three-week extension.",
    )
    services.dispute_post_message(
        dispute=dispute,
        by=complainant,
        body="Without prejudice: we could accept a four-week round if it is advertised widely.",
    )
    # The demo's later stories, by the stage the driver takes each one to.
    later = {
        "mediation": "mediator_accepted",
        "panel": "arbitration",
        "arbitration": "panel_formed",
        "decided": "panel_formed",
    }
    stages.to(dispute, later[key])
    if key == "decided":
        _decide_with_remedies(dispute, council)
    return dispute


def _decide_with_remedies(dispute: Dispute, council: Organisation) -> None:
    """The panel's decision, twelve days ago, set two remedies for the council: one now
    reported done (waiting for the joint body to confirm it), one overdue."""
    started = timezone.now()
    services.arbitration_complete(
        task=_task(dispute, DisputeFlow.arbitration),
        by=dispute.panel_chair.user,
        outcome=DEMO_WORDS.outcome,
        decision=DEMO_WORDS.decision,
        remedies=[
            {
                "owed_by": council.pk,
                "action": "Publish the next grant round through the CVS newsletter.",
                "days": 10,
            },
            {
                "owed_by": council.pk,
                "action": "Write to the complainant explaining how future rounds will be "
                "advertised, with at least six weeks to bid.",
                "days": 5,
            },
        ],
    )
    # Dated twelve days ago, so the remedies' due dates fall around today.
    decided = started - datetime.timedelta(days=12)
    Dispute.objects.filter(pk=dispute.pk).update(decided_at=decided, closed_at=decided)
    dispute.events.filter(created_at__gte=started).update(created_at=decided)
    nation = dispute.compact.nation
    for remedy in dispute.remedies.all():
        remedy.due_on = add_working_days(decided.date(), remedy.working_days, nation)
        remedy.save(update_fields=["due_on"])
        services.remedy_timers_refresh(remedy=remedy)
    published = dispute.remedies.get(working_days=10)
    task = Task.objects.get(
        process__remedyprocess__remedy=published, flow_task=RemedyFlow.carry_out
    )
    services.remedy_done_complete(
        task=task, by=task.owner, note="Published in this month's CVS newsletter, page 3."
    )


def _draft(compact: Compact, short: str) -> None:
    """A dispute the complainant began and has not sent: four pages answered, as the raise
    form keeps them (`cases.disputes.views.RaiseDisputeWizard`), continued from the list."""
    complainant = _user(f"complainant-{short}")
    if DisputeDraft.objects.filter(author=complainant).exists():
        return
    organisation = Organisation.objects.get(
        memberships__user=complainant, memberships__role=Membership.Role.ADMINISTRATOR
    )
    council = (
        compact.signatories.filter(organisation__sector=Sector.STATUTORY)
        .order_by("pk")[0]
        .organisation
    )
    commitment = compact.commitments.order_by("position", "ref").first()

    def page(step, **answers):
        return {
            "raise_dispute_wizard-current_step": [step],
            **{f"{step}-{name}": values for name, values in answers.items()},
        }

    data = {
        "step": "what-happened",
        "step_data": {
            "compact": page("compact", compact=[str(compact.pk)]),
            "organisation": page("organisation", complainant=[str(organisation.pk)]),
            "respondent": page("respondent", respondent=[str(council.pk)]),
            "commitments": page("commitments", commitments=[str(commitment.pk)]),
        },
        "step_files": {},
        "extra_data": {"submission_key": f"demo-draft-{compact.slug}"},
    }
    title = f"A dispute under {compact.name}"
    draft = services.draft_save(by=complainant, draft_id=None, data=data, title=title)
    data["extra_data"]["draft"] = draft.pk
    services.draft_save(by=complainant, draft_id=draft.pk, data=data, title=title)


# Disputes of the past year and more, for the annual report: each step on its own day
# (days before today), so each stage took the time it says.
HISTORY = {
    "history-quick": (
        "resolved in a week",
        [(-330, "raise"), (-328, "accept"), (-324, "answer"), (-321, "resolve")],
    ),
    "history-resolved": (
        "resolved informally",
        [(-200, "raise"), (-198, "accept"), (-192, "answer"), (-184, "resolve")],
    ),
    "history-paused": (
        "resolved after its clock was paused for a month",
        [
            (-175, "raise"),
            (-173, "accept"),
            (-168, "pause"),
            (-138, "resume"),
            (-133, "answer"),
            (-126, "resolve"),
        ],
    ),
    "history-mediated": (
        "settled in mediation",
        [
            (-160, "raise"),
            (-157, "accept"),
            (-150, "answer"),
            (-128, "mediation"),
            (-125, "mediator_appointed"),
            (-122, "mediator_accepted"),
            (-108, "agree"),
        ],
    ),
    "history-late-triage": ("closed at triage, late", [(-96, "raise"), (-82, "outside")]),
    "history-withdrawn": ("withdrawn", [(-66, "raise"), (-64, "accept"), (-57, "withdraw")]),
}


def _history(compact: Compact, short: str, key: str) -> bool:
    story, steps = HISTORY[key]
    with when.on(steps[0][0], 10):
        raised = _raise(compact, short, key, story)
    if raised is None:
        return False
    dispute, complainant, council, commitments, stages = raised
    champion = compact.champion
    for day, step in steps[1:]:
        with when.on(day, 11):
            dispute.refresh_from_db()
            if step == "accept":
                stages.to(dispute, "informal")
            elif step == "answer":
                stages.answer(dispute)
            elif step == "resolve":
                services.informal_complete(
                    task=_task(dispute, DisputeFlow.informal),
                    by=champion,
                    resolved=True,
                    text="The council agreed to reopen the round for six weeks.",
                )
            elif step == "pause":
                services.dispute_pause_clock(
                    dispute=dispute, by=champion, reason="The council's grants officer is on leave."
                )
            elif step == "resume":
                services.dispute_resume_clock(dispute=dispute, by=champion)
            elif step in ("mediation", "mediator_appointed", "mediator_accepted"):
                stages.to(dispute, step)
            elif step == "agree":
                services.mediation_complete(
                    task=_task(dispute, DisputeFlow.mediation),
                    by=dispute.mediator.user,
                    agreed=True,
                    summary="The council will extend future rounds to six weeks.",
                )
            elif step == "outside":
                services.triage_complete(
                    task=_task(dispute, DisputeFlow.triage),
                    by=champion,
                    accept=False,
                    text="The complaint is about a planning decision, which the Compact does "
                    "not cover.",
                )
            elif step == "withdraw":
                services.dispute_withdraw(
                    dispute=dispute, by=complainant, reason="The council reopened the round."
                )
    return True


def load_disputes(*, short_names: dict[str, str]) -> int:
    """Disputes at every stage in Swansea, and a few in each other compact."""
    made = 0
    for compact in Compact.objects.all():
        short = short_names[compact.slug]
        for seat in compact.joint_body.select_related("user"):
            joint_body_membership_sync(seat.user)
        keys = list(STORIES) if compact.slug == "swansea" else ["submitted", "informal", "panel"]
        for key in keys:
            with transaction.atomic():
                if _walk(compact, short, key, STORIES[key]):
                    made += 1
        if compact.slug == "swansea":
            _draft(compact, short)
        history = list(HISTORY) if compact.slug == "swansea" else ["history-resolved"]
        for key in history:
            with transaction.atomic():
                made += _history(compact, short, key)
    return made
