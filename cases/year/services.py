"""Writes for the Compact's year: the action plan and its progress, and Compact impact
assessments. Views, the API, the demo and the tests all come through here."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from cases.common.formats import in_english
from cases.common.working_days import add_working_days
from cases.register.models import Commitment, Compact, Organisation, Sector
from cases.register.references import next_reference
from cases.register.services import audit_record, compact_amend
from cases.year import report
from cases.year.clocks import RULES
from cases.year.flow import ActionFlow, AnnualReviewFlow, ImpactReviewFlow
from cases.year.models import (
    CLOSED_STATUSES,
    ActionPlanItem,
    ActionProcess,
    ActionStatus,
    ActionUpdate,
    AnnualReview,
    ImpactAssessment,
    ImpactProcess,
    ReviewAmendment,
    ReviewStage,
    target_for,
)
from workflows import step_clocks
from workflows.notifications import notify
from workflows.selectors import OPEN
from workflows.services import complete_task, task_give_to

# An action is "due soon", and in its lead's inbox, this many working days before its
# target date (about a month).
DUE_SOON_DAYS = 20

ACTION_FIELDS = (
    "action",
    "term",
    "lead_organisation",
    "lead_person",
    "agreed_on",
    "target_date",
    "commitment",
)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _open_step(action: ActionPlanItem) -> Task | None:
    return Task.objects.filter(
        process__in=ActionProcess.objects.filter(action=action),
        flow_task=ActionFlow.report,
        status__in=OPEN,
    ).first()


def action_save(
    *, compact: Compact, by, data: dict[str, Any], action: ActionPlanItem | None = None
) -> ActionPlanItem:
    """The joint body adds an action to the plan, or changes one: its words, term, lead,
    target date and the commitment it serves. A target date left out follows the term
    (`models.TERM_MONTHS`) from the day it was agreed. Logged; an open step moves with a
    new target date."""
    _require(
        by.has_perm("cases.change_action_plan", compact),
        _("Only the joint body and the Champion keep the action plan."),
    )
    unknown = set(data) - set(ACTION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Not a field of an action: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        if action is None:
            action = ActionPlanItem(compact=compact)
        else:
            action = ActionPlanItem.objects.select_for_update().get(pk=action.pk, compact=compact)
        before = {name: getattr(action, name) for name in ACTION_FIELDS}
        for name, value in data.items():
            setattr(action, name, value)
        action.agreed_on = action.agreed_on or timezone.localdate()
        if not action.target_date:
            action.target_date = target_for(action.term, action.agreed_on)
        _check_action(action)
        action.full_clean(exclude=["compact", "reference"])
        created = action.pk is None
        if created:
            action.reference = next_reference(compact=compact, kind="A")
        action.save()
        changes = {
            name: [str(before[name] or ""), str(getattr(action, name) or "")]
            for name in ACTION_FIELDS
            if before[name] != getattr(action, name)
        }
        audit_record(
            actor=by,
            action="added to the action plan" if created else "changed the action",
            obj=action,
            compact=compact,
            changes=changes,
        )
        step = _open_step(action)
        if step is not None and "target_date" in changes:
            step_clocks.refresh(step, RULES)
        if step is not None and "lead_person" in changes:
            # The step follows the action to its new lead (or, with none, the Champion).
            holder = action.lead_person or compact.champion
            if holder is not None:
                task_give_to(task=step, to=holder)
    return action


def _check_action(action: ActionPlanItem) -> None:
    errors = {}
    if not (action.action or "").strip():
        errors["action"] = _("Enter what will be done")
    if action.target_date and action.agreed_on and action.target_date < action.agreed_on:
        errors["target_date"] = _("The target date must be on or after the day it was agreed")
    if action.commitment_id and action.commitment.compact_id != action.compact_id:
        errors["commitment"] = _("Choose one of this compact's commitments")
    if (
        action.lead_organisation_id
        and not action.lead_organisation.signatures.filter(compact=action.compact_id).exists()
    ):
        errors["lead_organisation"] = _("Choose an organisation that has signed the compact")
    if errors:
        raise ValidationError(errors)


def action_report(*, action: ActionPlanItem, by, status: str, note: str) -> ActionUpdate:
    """The action's lead (or the joint body) reports progress: how it stands and what has
    happened. Done or dropped closes the action, and the lead's step with it."""
    _require(
        by.has_perm("cases.report_on_action", action),
        _("Only the action's lead or the joint body reports on it."),
    )
    note = (note or "").strip()
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose how the action stands")})
    if not note:
        raise ValidationError({"note": _("Say what has happened since the last update")})
    with transaction.atomic():
        locked = ActionPlanItem.objects.select_for_update().get(pk=action.pk)
        if not locked.is_open:
            closed_on = date_format(locked.closed_on, "j F Y")
            if locked.status == ActionStatus.DONE:
                message = _("This action was done on %(date)s; its updates are closed.")
            else:
                message = _("This action was dropped on %(date)s; its updates are closed.")
            raise ValidationError(message % {"date": closed_on})
        update = ActionUpdate.objects.create(action=locked, by=by, status=status, note=note)
        locked.status = status
        if status in CLOSED_STATUSES:
            locked.closed_on = timezone.localdate()
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        with in_english():  # the log stays in English
            said = locked.get_status_display().lower()
        audit_record(
            actor=by,
            action=f"reported the action {said}",
            obj=locked,
            compact=locked.compact,
            changes={"note": note},
        )
        if status in CLOSED_STATUSES:
            step = _open_step(locked)
            if step is not None:
                complete_task(step, by, [ActionFlow.report], lambda _case: None, holder=False)
    action.refresh_from_db()
    return update


def actions_open_due(today: datetime.date | None = None) -> str:
    """Put each open action whose target date is near (or past) in its lead's inbox, once:
    the timer loop's housekeeping, every round."""
    today = today or timezone.localdate()
    waiting = ActionProcess.objects.filter(
        task__flow_task=ActionFlow.report, task__status__in=OPEN
    ).values("action")
    opened = 0
    candidates = (
        ActionPlanItem.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(target_date__isnull=False)
        .exclude(pk__in=waiting)
        .select_related("compact")
    )
    for action in candidates.filter(target_date__lte=today + datetime.timedelta(days=60)):
        if add_working_days(today, DUE_SOON_DAYS, action.compact.nation) < action.target_date:
            continue
        if action.lead_person_id is None and action.compact.champion_id is None:
            continue  # nobody to hold the step: the plan's page shows it late all the same
        with transaction.atomic():
            locked = ActionPlanItem.objects.select_for_update().get(pk=action.pk)
            if _open_step(locked) is None and locked.is_open:
                ActionFlow.start.run(action=locked)
                opened += 1
    return (
        f"{opened} action{'s' if opened != 1 else ''} now due put in their leads' inboxes"
        if opened
        else ""
    )


# Compact impact assessments.

IMPACT_FIELDS = ("title", "decision_by", "decision_on", "consulted", "effect", "mitigations")


def impact_record(
    *,
    compact: Compact,
    by,
    organisation: Organisation,
    commitments: list[Commitment],
    data: dict[str, Any],
    submission_key: str,
) -> tuple[ImpactAssessment, bool]:
    """A statutory officer records a Compact impact assessment of a report or decision;
    the Champion reviews it (a step in their inbox, told by e-mail). The same
    `submission_key` returns the first assessment, so a double submit makes one."""
    _require(
        by.has_perm("cases.record_impact_assessment", compact)
        and organisation.sector == Sector.STATUTORY
        and organisation.memberships.filter(user=by).exists(),
        _(
            "Only an officer of a statutory signatory records impact assessments, for its "
            "own organisation."
        ),
    )
    existing = ImpactAssessment.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.recorded_by_id != by.pk or existing.compact_id != compact.pk:
            raise ValidationError({"submission_key": _("Send the form again: use a new key")})
        return existing, False
    errors = {}
    missing = {
        "title": _("Enter the report or decision"),
        "decision_by": _("Enter who decides it"),
        "consulted": _("Enter who was consulted, and how"),
        "effect": _("Enter the effect on the voluntary and community sector"),
        "mitigations": _("Enter what will soften the effect"),
    }
    for name in IMPACT_FIELDS:
        if name != "decision_on" and not str(data.get(name) or "").strip():
            errors[name] = missing[name]
    commitments = list(commitments)
    if not commitments:
        errors["commitments"] = _("Choose the commitments the decision touches")
    elif any(c.compact_id != compact.pk or not c.in_force for c in commitments):
        errors["commitments"] = _("Choose commitments of this compact that are in force")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            assessment = ImpactAssessment.objects.create(
                compact=compact,
                reference=next_reference(compact=compact, kind="I"),
                organisation=organisation,
                recorded_by=by,
                submission_key=submission_key,
                **{
                    name: data.get(name) or ("" if name != "decision_on" else None)
                    for name in IMPACT_FIELDS
                },
            )
            assessment.commitments.set(commitments)
            audit_record(actor=by, action="recorded", obj=assessment, compact=compact)
            ImpactReviewFlow.start.run(assessment=assessment)
            if compact.champion and compact.champion.email:
                notify(
                    to=[compact.champion.email],
                    template="impact_recorded",
                    context={"assessment": assessment, "compact": compact},
                )
    except IntegrityError:
        # Another request with this key won the race: the same person's double submit.
        existing = ImpactAssessment.objects.filter(
            submission_key=submission_key, recorded_by=by, compact=compact
        ).first()
        if existing is None:
            raise
        return existing, False
    return assessment, True


def impact_review(*, assessment: ImpactAssessment, by, notes: str) -> ImpactAssessment:
    """The Champion reviews an impact assessment and notes what follows; the organisation
    that recorded it is told."""
    _require(
        by.has_perm("cases.review_impact_assessment", assessment),
        _("Only the compact's Champion reviews impact assessments."),
    )
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Enter your review notes")})

    def record(case):
        locked = ImpactAssessment.objects.select_for_update().get(pk=case.pk)
        if locked.reviewed_at:
            raise ValidationError(_("This impact assessment has already been reviewed."))
        locked.reviewed_by, locked.review_notes = by, notes
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["reviewed_by", "review_notes", "reviewed_at"])
        audit_record(actor=by, action="reviewed", obj=locked, compact=locked.compact)
        if locked.recorded_by.email:
            notify(
                to=[locked.recorded_by.email],
                template="impact_reviewed",
                context={"assessment": locked, "compact": locked.compact},
            )

    step = Task.objects.filter(
        process__in=ImpactProcess.objects.filter(assessment=assessment),
        flow_task=ImpactReviewFlow.review,
        status__in=OPEN,
    ).first()
    with transaction.atomic():
        if step is None:
            record(assessment)
        else:
            complete_task(step, by, [ImpactReviewFlow.review], record, holder=False)
    assessment.refresh_from_db()
    return assessment


# The annual review.


def review_start(*, compact: Compact, by, year: int) -> AnnualReview:
    """The chair (or the Champion) starts the annual review of a report year: the draft
    annual report's figures are kept with it, and its steps go to the joint body's queue."""
    _require(
        by.has_perm("cases.run_annual_review", compact),
        _("Only the joint body's chair or the Champion starts the annual review."),
    )
    if year > report.year_of(timezone.localdate()):
        raise ValidationError({"year": _("Choose a year that has begun")})
    if year not in report.years_of(compact):
        raise ValidationError({"year": _("Choose a year since the compact was recorded here")})
    with transaction.atomic():
        Compact.objects.select_for_update().get(pk=compact.pk)
        if AnnualReview.objects.filter(compact=compact, year=year).exists():
            raise ValidationError(
                {
                    "year": _("The review of %(year)s has already been started")
                    % {"year": report.year_words(year)}
                }
            )
        review = AnnualReview.objects.create(
            compact=compact,
            year=year,
            started_by=by,
            report_snapshot=report.open_data(compact, year)[1],
        )
        audit_record(actor=by, action="started", obj=review, compact=compact)
        AnnualReviewFlow.start.run(review=review)
    return review


def review_propose(*, review: AnnualReview, by, data: dict[str, Any]) -> ReviewAmendment:
    """A member of the joint body (or the Champion) proposes a change to the Compact for
    the review to agree."""
    _require(
        by.has_perm("cases.change_action_plan", review.compact),
        _("Only the joint body and the Champion propose changes at the annual review."),
    )
    if review.stage not in (ReviewStage.MEETING, ReviewStage.CHANGES):
        raise ValidationError(_("The review has agreed its changes: no more can be proposed."))
    kind = data.get("kind")
    errors = {}
    fields = {"kind": kind, "reason": (data.get("reason") or "").strip()}
    if not fields["reason"]:
        errors["reason"] = _("Say why the Compact should change")
    if kind == ReviewAmendment.Kind.RULE:
        rule, value = data.get("rule"), data.get("value")
        if rule not in review.compact.RULE_FIELDS or rule in BOOLEAN_RULES:
            errors["rule"] = _("Choose the rule to change")
        elif value is None or not 1 <= int(value) <= 250:
            errors["value"] = _("Enter the new value, a whole number from 1 to 250")
        fields.update(rule=rule or "", value=value)
    elif kind == ReviewAmendment.Kind.COMMITMENT:
        commitment = review.compact.commitments.filter(ref=data.get("ref"), in_force=True).first()
        if commitment is None:
            errors["ref"] = _("Choose the commitment to change")
        if not (data.get("text") or "").strip():
            errors["text"] = _("Enter the commitment's new words")
        fields.update(
            ref=data.get("ref") or "",
            text=(data.get("text") or "").strip(),
            text_cy=(data.get("text_cy") or "").strip(),
        )
    elif kind == ReviewAmendment.Kind.NEW:
        ref = (data.get("ref") or "").strip()
        if not ref:
            errors["ref"] = _("Enter the new commitment's reference, like C12")
        elif review.compact.commitments.filter(ref=ref).exists():
            errors["ref"] = _("%(compact)s already has a commitment %(ref)s") % {
                "compact": review.compact,
                "ref": ref,
            }
        elif review.amendments.filter(kind=kind, ref=ref).exists():
            errors["ref"] = _("A commitment %(ref)s is already proposed at this review") % {
                "ref": ref
            }
        for name, message in (
            ("title", _("Enter a short title")),
            ("text", _("Enter what the commitment says")),
            ("code", _("Choose the code of practice")),
            ("undertaken_by", _("Choose who gives it")),
        ):
            if not (data.get(name) or "").strip():
                errors[name] = message
            fields[name] = (data.get(name) or "").strip()
        fields["ref"] = ref
        fields.update(
            title_cy=(data.get("title_cy") or "").strip(),
            text_cy=(data.get("text_cy") or "").strip(),
        )
    else:
        errors["kind"] = _("Choose what to change")
    if errors:
        raise ValidationError(errors)
    amendment = ReviewAmendment.objects.create(review=review, proposed_by=by, **fields)
    with in_english():  # the log stays in English
        words = amendment.words
    audit_record(
        actor=by,
        action="proposed an amendment at",
        obj=review,
        compact=review.compact,
        changes={"amendment": words},
    )
    return amendment


BOOLEAN_RULES = ("consultation_expected", "publish_winning_score")


def review_record_meeting_complete(
    *,
    task: Task,
    by,
    meeting_on: datetime.date,
    attended: list,
    others_attending: str = "",
    notes: str,
    decisions: str,
    representation_note: str = "",
) -> Task:
    """The meeting is recorded. Both sectors must have been there; where their numbers
    differ, the record says why the meeting went ahead (the Compact asks for equal
    representation)."""

    def record(review):
        errors = {}
        if meeting_on > timezone.localdate():
            errors["meeting_on"] = _("The meeting's date must be today or in the past")
        seats = list(review.compact.joint_body.filter(pk__in=[s.pk for s in attended]))
        sectors = [seat.organisation.sector for seat in seats]
        statutory, vcs = sectors.count(Sector.STATUTORY), sectors.count(Sector.VCS)
        if not statutory or not vcs:
            errors["attended"] = _(
                "Members from both sectors must attend the annual review: choose who came"
            )
        elif statutory != vcs and not representation_note.strip():
            errors["representation_note"] = _(
                "%(statutory)s statutory and %(vcs)s voluntary sector members attended: say "
                "why the meeting went ahead without equal representation"
            ) % {"statutory": statutory, "vcs": vcs}
        if not notes.strip():
            errors["notes"] = _("Enter the meeting's notes")
        if not decisions.strip():
            errors["decisions"] = _("Enter the meeting's decisions")
        if errors:
            raise ValidationError(errors)
        locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
        locked.meeting_on, locked.others_attending = meeting_on, others_attending.strip()
        locked.notes, locked.decisions = notes.strip(), decisions.strip()
        locked.representation_note = representation_note.strip()
        locked.record_meeting(by=by, description=f"{statutory} statutory, {vcs} voluntary")
        locked.save()
        locked.attended.set(seats)
        audit_record(actor=by, action="recorded the meeting of", obj=locked, compact=locked.compact)

    return complete_task(task, by, [AnnualReviewFlow.record_meeting], record)


def review_agree_complete(
    *, task: Task, by, agreed: list, summary: str, actions: list[dict] = ()
) -> Task:
    """The review agrees changes: the amendments ticked become the Compact's next version
    (all at once, with why), the others are recorded as not agreed, and next year's
    actions join the plan."""

    def record(review):
        locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
        agreed_ids = {a.pk for a in agreed}
        rules, commitments = {}, []
        for amendment in locked.amendments.all():
            amendment.agreed = amendment.pk in agreed_ids
            amendment.save(update_fields=["agreed"])
            if not amendment.agreed:
                continue
            if amendment.kind == ReviewAmendment.Kind.RULE:
                rules[amendment.rule] = amendment.value
            elif amendment.kind == ReviewAmendment.Kind.COMMITMENT:
                # New English with no Welsh clears the old Welsh (`compact_amend`).
                commitments.append(
                    {
                        "ref": amendment.ref,
                        "text": amendment.text,
                        **({"text_cy": amendment.text_cy} if amendment.text_cy else {}),
                    }
                )
            else:
                commitments.append(
                    {
                        "ref": amendment.ref,
                        "title": amendment.title,
                        "text": amendment.text,
                        "title_cy": amendment.title_cy,
                        "text_cy": amendment.text_cy,
                        "code": amendment.code,
                        "undertaken_by": amendment.undertaken_by,
                        "in_force": True,
                    }
                )
        if rules or commitments:
            why = (summary or "").strip() or "The amendments it agreed."
            # The review's agreement is the authority for the change, whoever records it.
            locked.version = compact_amend(
                compact=locked.compact,
                by=by,
                # Stored with the version, in English like the rest of its history.
                reason=f"Agreed at the annual review of {locked.year} to {locked.year + 1}. {why}",
                rules=rules,
                commitments=commitments,
                check=False,
            )
        for data in actions:
            action_save(compact=locked.compact, by=by, data=data)
        locked.agree_changes(by=by, description=summary or "")
        locked.save()

    return complete_task(task, by, [AnnualReviewFlow.agree_changes], record)


def review_publish_complete(*, task: Task, by, outcome: str) -> Task:
    """The chair publishes the review's outcome: the joint body and the Champion are
    told, and the review's page shows it to everyone."""

    def record(review):
        _require(
            review.compact.joint_body.filter(user=by, role__in=["chair", "co_chair"]).exists(),
            _("Only the joint body's chair or co-chair publishes the review's outcome."),
        )
        if not (outcome or "").strip():
            raise ValidationError({"outcome": _("Enter the outcome to publish")})
        locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
        locked.outcome = outcome.strip()
        locked.published_at, locked.published_by = timezone.now(), by
        locked.publish(by=by, description="Published")
        locked.save()
        audit_record(actor=by, action="published", obj=locked, compact=locked.compact)
        people = [seat.user for seat in locked.compact.joint_body.select_related("user")]
        if locked.compact.champion:
            people.append(locked.compact.champion)
        notify(
            to=[person.email for person in people],
            template="review_published",
            context={"review": locked, "compact": locked.compact},
        )

    return complete_task(task, by, [AnnualReviewFlow.publish], record)
