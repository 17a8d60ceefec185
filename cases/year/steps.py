"""The year's steps, as the task engine sees them: a lead's report on an action that is
due, and the Champion's review of an impact assessment. Both are done on their record's
own page; the engine lists them, with their clocks. Registered by `cases/wiring.py`."""

from __future__ import annotations

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.register.models import Compact, JointBodyMember, Organisation
from cases.year import forms, services
from cases.year.flow import ActionFlow, AnnualReviewFlow, ImpactReviewFlow
from cases.year.models import (
    ActionPlanItem,
    ActionProcess,
    AnnualReview,
    ImpactAssessment,
    ImpactProcess,
    ReviewProcess,
)
from workflows import step_clocks
from workflows.registry import CaseKind, CaseLine, Step

A = "process__actionprocess__action"
I = "process__impactprocess__assessment"  # noqa: E741


def _action_lines(process_ids) -> dict[int, CaseLine]:
    lines = {}
    for p in ActionProcess.objects.filter(pk__in=process_ids).select_related(
        "action__compact", "action__lead_organisation"
    ):
        action = p.action
        lines[p.pk] = CaseLine(
            kind=_("Action plan"),
            reference=action.reference,
            url=action.get_absolute_url(),
            parties=str(action.lead_organisation or action.compact),
            stage=action.get_status_display(),
            due_on=None,
            nation=action.compact.nation,
            subject=Truncator(action.action).words(12),
        )
    return lines


def _impact_lines(process_ids) -> dict[int, CaseLine]:
    lines = {}
    for p in ImpactProcess.objects.filter(pk__in=process_ids).select_related(
        "assessment__compact", "assessment__organisation"
    ):
        assessment = p.assessment
        lines[p.pk] = CaseLine(
            kind=_("Impact assessment"),
            reference=assessment.reference,
            url=assessment.get_absolute_url(),
            parties=str(assessment.organisation),
            stage=_("Reviewed") if assessment.reviewed_at else _("Waiting for review"),
            due_on=None,
            nation=assessment.compact.nation,
            subject=assessment.title,
        )
    return lines


def _action_of(task):
    return ActionProcess.objects.select_related("action__compact").get(pk=task.process_id).action


def _assessment_of(task):
    return (
        ImpactProcess.objects.select_related("assessment__compact")
        .get(pk=task.process_id)
        .assessment
    )


def _notices(*, timers, reminder):
    from cases.year.clocks import RULES

    return step_clocks.send_notices(timers=timers, reminder=reminder, rules=RULES)


ACTION = CaseKind(
    name="action",
    label=gettext_lazy("Action plan"),
    flows=(ActionFlow,),
    process="process__actionprocess",
    case_attr="action",
    lookups={"compact": f"{A}__compact", "reference": f"{A}__reference"},
    search=(f"{A}__action",),
    lines=_action_lines,
    # The lead's step while they lead the action (or, with no lead named, the Champion's).
    still_theirs=lambda user: (
        Q(**{f"{A}__lead_person": user})
        | Q(**{f"{A}__lead_person__isnull": True, f"{A}__compact__champion": user})
    ),
    may_see=lambda user, task: user.has_perm("cases.report_on_action", _action_of(task)),
    case_url=lambda task: _action_of(task).get_absolute_url(),
    notices=_notices,
    line_models=(
        ActionPlanItem,
        Organisation,
        Compact,
    ),
)

IMPACT = CaseKind(
    name="impact",
    label=gettext_lazy("Impact assessments"),
    flows=(ImpactReviewFlow,),
    process="process__impactprocess",
    case_attr="assessment",
    lookups={"compact": f"{I}__compact", "reference": f"{I}__reference"},
    search=(f"{I}__title", f"{I}__organisation__name"),
    lines=_impact_lines,
    still_theirs=lambda user: Q(**{f"{I}__compact__champion": user}),
    may_see=lambda user, task: _assessment_of(task).compact.champion_id == user.pk,
    case_url=lambda task: _assessment_of(task).get_absolute_url(),
    notices=_notices,
    line_models=(
        ImpactAssessment,
        Organisation,
        Compact,
    ),
)


# The annual review: the joint body's queue.

R = "process__reviewprocess__review"


def _review_lines(process_ids) -> dict[int, CaseLine]:
    lines = {}
    for p in ReviewProcess.objects.filter(pk__in=process_ids).select_related("review__compact"):
        review = p.review
        lines[p.pk] = CaseLine(
            kind=_("Annual review"),
            reference=f"{review.compact.prefix} {review.words}",
            url=review.get_absolute_url(),
            parties=review.compact.joint_body_name,
            stage=review.get_stage_display(),
            due_on=None,
            nation=review.compact.nation,
            subject=_("The annual review of %(year)s") % {"year": review.words},
        )
    return lines


def _review_of(task):
    return ReviewProcess.objects.select_related("review__compact").get(pk=task.process_id).review


def _seats(user):
    return list(JointBodyMember.objects.filter(user=user).values_list("compact", flat=True))


def _is_chair(user, review) -> bool:
    return review.compact.joint_body.filter(user=user, role__in=["chair", "co_chair"]).exists()


def _may_claim(user, task) -> bool:
    review = _review_of(task)
    if task.flow_task == AnnualReviewFlow.publish:
        return _is_chair(user, review)
    return review.compact.joint_body.filter(user=user).exists()


def _review_context(task, review, user) -> dict:
    return {
        "review": review,
        "amendments": review.amendments.select_related("proposed_by"),
        "snapshot": [row for row in review.report_snapshot if not row["breakdown"]][:12],
    }


def _agreed_words(agreed: int, proposed: int) -> str:
    return ngettext(
        # Translators: counted by the changes proposed; English says "changes" for any number.
        "%(agreed)s of %(proposed)s proposed changes become the next version of the Compact, "
        "published at once. The others are recorded as not agreed.",
        "%(agreed)s of %(proposed)s proposed changes become the next version of the Compact, "
        "published at once. The others are recorded as not agreed.",
        proposed,
    ) % {"agreed": agreed, "proposed": proposed}


REVIEW_STEPS = {
    "record_meeting": Step(
        form=lambda task, review, data=None: forms.RecordMeetingForm(data, review=review),
        complete=lambda *, task, by, data: services.review_record_meeting_complete(
            task=task,
            by=by,
            meeting_on=data["meeting_on"],
            attended=list(data["attended"]),
            others_attending=data["others_attending"],
            notes=data["notes"],
            decisions=data["decisions"],
            representation_note=data["representation_note"],
        ),
        done=lambda review: _("Done. The meeting is recorded: the review now agrees its changes."),
    ),
    "agree_changes": Step(
        form=lambda task, review, data=None: forms.AgreeChangesForm(data, review=review),
        complete=lambda *, task, by, data: services.review_agree_complete(
            task=task,
            by=by,
            agreed=list(data["agreed"]),
            summary=data["summary"],
            actions=[
                {"action": data[f"action_{n}"], "term": data[f"term_{n}"] or "short"}
                for n in (1, 2, 3)
                if (data.get(f"action_{n}") or "").strip()
            ],
        ),
        done=lambda review: _(
            "Done. The changes agreed are the Compact's new version; the "
            "chair publishes the outcome."
        ),
        confirm=lambda task, review, data: {
            "title": _("Agree these changes to the Compact?"),
            "explanation": [
                _agreed_words(len(data["agreed"]), review.amendments.count()),
                _("This cannot be undone: a later change makes another version."),
            ],
            "button": _("Yes, agree them"),
            "warning": False,
        },
    ),
    "publish": Step(
        form=lambda task, review, data=None: forms.PublishReviewForm(data),
        complete=lambda *, task, by, data: services.review_publish_complete(
            task=task, by=by, outcome=data["outcome"]
        ),
        done=lambda review: _("Done. The review's outcome is published."),
        confirm=lambda task, review, data: {
            "title": _("Publish the outcome of the annual review of %(year)s?")
            % {"year": review.words},
            "explanation": [
                _(
                    "Everyone will be able to read it, with the meeting's decisions. The "
                    "joint body and the Champion will be told."
                ),
                _("This cannot be undone."),
            ],
            "button": _("Yes, publish it"),
            "warning": False,
        },
    ),
}

REVIEW = CaseKind(
    name="review",
    label=gettext_lazy("Annual reviews"),
    flows=(AnnualReviewFlow,),
    process="process__reviewprocess",
    case_attr="review",
    lookups={"compact": f"{R}__compact", "reference": f"{R}__compact__prefix"},
    search=(f"{R}__compact__name",),
    lines=_review_lines,
    still_theirs=lambda user: Q(**{f"{R}__compact__joint_body__user": user}),
    may_see=lambda user, task: _review_of(task).compact.joint_body.filter(user=user).exists(),
    case_url=lambda task: _review_of(task).get_absolute_url(),
    queue_permissions=(
        "cases.can_record_meeting_reviewprocess",
        "cases.can_agree_changes_reviewprocess",
        "cases.can_publish_reviewprocess",
    ),
    queue_compacts=_seats,
    queue=lambda user: Q(),
    may_claim=_may_claim,
    may_reassign=lambda user, task: _is_chair(user, _review_of(task)),
    reassign_candidates=lambda task: [
        seat.user for seat in _review_of(task).compact.joint_body.select_related("user")
    ],
    steps=REVIEW_STEPS,
    step_template="year/step_review.html",
    step_context=_review_context,
    line_models=(
        AnnualReview,
        Compact,
    ),
)
