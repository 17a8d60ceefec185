"""The dispute procedure's steps, as the task engine sees them: how a task reaches its
dispute, who may still see it or take it from the joint body's queue, and for each step
its form and the one service that completes it. Registered by `cases/wiring.py`."""

from __future__ import annotations

from django.db.models import Case, Q, Value, When
from django.db.models.functions import Left
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases.common.formats import in_english
from cases.common.working_days import working_days_between
from cases.disputes import forms, rules, selectors, services
from cases.disputes.flow import DisputeFlow, RemedyFlow
from cases.disputes.models import (
    Dispute,
    DisputeEvent,
    DisputeOutcome,
    DisputeProcess,
    DisputeStage,
    Remedy,
    RemedyProcess,
    title_of,
)
from cases.register.models import Compact, JointBodyMember, Membership, Organisation
from workflows.registry import CaseKind, CaseLine, Step

D = "process__disputeprocess__dispute"


def _lines(process_ids) -> dict[int, CaseLine]:
    """One narrow read of what the list shows of each dispute (not the disputes whole)."""
    kind, stages = gettext("Dispute"), dict(DisputeStage.choices)
    parties = gettext("%(complainant)s and %(respondent)s")
    rows = DisputeProcess.objects.filter(pk__in=process_ids).values(
        "pk",
        "dispute__reference",
        "dispute__subject",
        "dispute__stage",
        "dispute__due_on",
        "dispute__paused_at",
        "dispute__compact__nation",
        "dispute__complainant__name",
        "dispute__respondent__name",
        # What happened is read only where there is no subject to show instead.
        happened=Case(
            When(dispute__subject="", then=Left("dispute__what_happened", 2000)), default=Value("")
        ),
    )
    return {
        row["pk"]: CaseLine(
            kind=kind,
            reference=row["dispute__reference"],
            url=reverse("dispute-detail", kwargs={"reference": row["dispute__reference"]}),
            parties=parties
            % {
                "complainant": row["dispute__complainant__name"],
                "respondent": row["dispute__respondent__name"],
            },
            stage=str(stages.get(row["dispute__stage"], row["dispute__stage"])),
            due_on=row["dispute__due_on"],
            nation=row["dispute__compact__nation"],
            paused=row["dispute__paused_at"] is not None,
            subject=title_of(row["dispute__subject"], row["happened"]),
        )
        for row in rows
    }


def _still_theirs(user) -> Q:
    """A dispute's steps while the user may see the dispute: the visibility rule as plain
    conditions on the dispute the list joins anyway, not a subquery a row."""
    return selectors.dispute_visibility(user, prefix=f"{D}__")


def _queue_compacts(user):
    """The compacts whose joint body the user sits on (their ids)."""
    return list(JointBodyMember.objects.filter(user=user).values_list("compact", flat=True))


def _queue(user) -> Q:
    """Queued steps of disputes (of the compacts whose joint body the user sits on: see
    `_queue_compacts`), except those of the user's own organisations or of those their
    seats represent."""
    seats = JointBodyMember.objects.filter(user=user)
    organisations = Membership.objects.filter(user=user).values("organisation")
    represented = seats.values("organisation")
    # Conditions on each unclaimed step's own dispute, read for the compacts' queued steps
    # only, not a list of every dispute process of the compacts.
    return ~(
        Q(**{f"{D}__complainant__in": organisations})
        | Q(**{f"{D}__respondent__in": organisations})
        | Q(**{f"{D}__complainant__in": represented})
        | Q(**{f"{D}__respondent__in": represented})
        | Q(**{f"{D}__raised_by": user})
    )


def _may_see(user, task) -> bool:
    return user.has_perm("cases.view_dispute", selectors.task_dispute(task))


def _may_claim(user, task) -> bool:
    return rules.acts_for_joint_body(user, selectors.task_dispute(task))


def _may_reassign(user, task) -> bool:
    return rules.chairs_for_joint_body(user, selectors.task_dispute(task))


def _reassign_candidates(task) -> list:
    dispute = selectors.task_dispute(task)
    seats = JointBodyMember.objects.filter(compact=dispute.compact).select_related("user")
    return [seat.user for seat in seats]


def _on_reassign(*, task, process, by, to) -> None:
    """The chair's handing over goes on the dispute's timeline."""
    dispute = process.dispute
    with in_english():  # the timeline's title stays in English
        step_title = str(task.flow_task.task_title)
    DisputeEvent.objects.create(
        dispute=dispute,
        actor=by,
        kind=DisputeEvent.Kind.NOTE,
        stage=dispute.stage,
        title=f"{step_title}: handed to {to.get_full_name() or to.username} by the chair",
    )


def _step_context(task, dispute, user) -> dict:
    """What a step's page shows: the complaint, the answer and the documents the user may
    see, and on the mediator's and the panel's steps who they are."""
    answer = selectors.dispute_answer(dispute)
    context = {
        "dispute": dispute,
        "days_left": selectors.working_days_left(dispute),
        "commitments": selectors.cited(dispute),
        "answer": answer,
        "documents": selectors.dispute_documents(dispute=dispute, user=user),
    }
    if task.flow_task == DisputeFlow.answer:
        context["days_left"] = selectors.answer_days_left(answer)
    if dispute.mediator_id:
        context["mediator_organisations"] = [
            m.organisation.name
            for m in Membership.objects.filter(user=dispute.mediator.user_id).select_related(
                "organisation"
            )
        ]
    if dispute.panel_chair_id:
        context["panel"] = dispute.panel.select_related("user", "organisation")
    return context


def _step(*, form, complete, confirm=None) -> Step:
    """A dispute step: it asks first ("Are you sure?"), and after it the page says where
    the dispute now stands."""
    return Step(
        form=form, complete=complete, done=selectors.after_completion_message, confirm=confirm
    )


def _name(user) -> str:
    return user.get_full_name() or user.username


_NO_UNDO = _("You cannot undo this.")


def _confirm_triage(task, dispute, data) -> dict:
    if data["decision"] == "accept":
        return {
            "title": gettext("Accept dispute %(reference)s into informal resolution?")
            % {"reference": dispute.reference},
            "explanation": [
                ngettext(
                    "Both parties will be told. The respondent will be asked for its answer "
                    "within %(days)s working day.",
                    "Both parties will be told. The respondent will be asked for its answer "
                    "within %(days)s working days.",
                    dispute.compact.answer_days,
                )
                % {"days": dispute.compact.answer_days},
                _NO_UNDO,
            ],
            "button": gettext("Yes, accept the dispute"),
            "warning": False,
        }
    return {
        "title": gettext("Close dispute %(reference)s as outside the Compact?")
        % {"reference": dispute.reference},
        "explanation": [gettext("Both parties will be told your reasons."), _NO_UNDO],
        "button": gettext("Yes, close the dispute"),
    }


def _confirm_informal(task, dispute, data) -> dict:
    if data["decision"] == "resolved":
        return {
            "title": gettext("Close dispute %(reference)s as resolved informally?")
            % {"reference": dispute.reference},
            "explanation": [gettext("Both parties will be told what was agreed."), _NO_UNDO],
            "button": gettext("Yes, close the dispute"),
        }
    return {
        "title": gettext("Send dispute %(reference)s to mediation?")
        % {"reference": dispute.reference},
        "explanation": [
            gettext("The %(joint_body)s will appoint a mediator.")
            % {"joint_body": dispute.compact.joint_body_name},
            _NO_UNDO,
        ],
        "button": gettext("Yes, send it to mediation"),
        "warning": False,
    }


def _confirm_appointment(task, dispute, data) -> dict:
    name = _name(data["mediator"].user)
    return {
        "title": gettext("Appoint %(name)s as mediator?") % {"name": name},
        "explanation": [gettext("Both parties will be asked to accept them, or to object.")],
        "button": gettext("Yes, appoint %(name)s") % {"name": name},
        "warning": False,
    }


def _confirm_mediator_answer(task, dispute, data) -> dict:
    name = _name(dispute.mediator.user) if dispute.mediator_id else gettext("the mediator")
    if data["decision"] == "accept":
        return {
            "title": gettext("Accept %(name)s as mediator?") % {"name": name},
            "explanation": [_NO_UNDO],
            "button": gettext("Yes, accept the mediator"),
            "warning": False,
        }
    return {
        "title": gettext("Object to %(name)s as mediator?") % {"name": name},
        "explanation": [
            gettext("The %(joint_body)s will appoint another mediator.")
            % {"joint_body": dispute.compact.joint_body_name},
            _NO_UNDO,
        ],
        "button": gettext("Yes, object"),
    }


def _remedies_words(data) -> list[str]:
    count = len(data.get("remedies") or [])
    if not count:
        return []
    return [
        ngettext(
            "It sets %(count)s remedy, each in the inbox of the party that owes it and "
            "followed up until the joint body confirms it.",
            "It sets %(count)s remedies, each in the inbox of the party that owes it and "
            "followed up until the joint body confirms it.",
            count,
        )
        % {"count": count}
    ]


def _confirm_mediation(task, dispute, data) -> dict:
    if data["decision"] == "agreed":
        return {
            "title": gettext("Record an agreement and close dispute %(reference)s?")
            % {"reference": dispute.reference},
            "explanation": [
                gettext("Both parties will be told."),
                *_remedies_words(data),
                _NO_UNDO,
            ],
            "button": gettext("Yes, record the agreement"),
        }
    return {
        "title": gettext("Record no agreement and send dispute %(reference)s to arbitration?")
        % {"reference": dispute.reference},
        "explanation": [
            gettext("The %(joint_body)s will form a panel to decide it.")
            % {"joint_body": dispute.compact.joint_body_name},
            _NO_UNDO,
        ],
        "button": gettext("Yes, send it to arbitration"),
    }


def _confirm_panel(task, dispute, data) -> dict:
    names = ", ".join(_name(seat.user) for seat in data["members"])
    return {
        "title": gettext("Form the arbitration panel?"),
        "explanation": [
            gettext("Members: %(members)s. Chair: %(chair)s.")
            % {"members": names, "chair": _name(data["chair"].user)},
            gettext("Both parties will be told who sits on the panel. You cannot undo this."),
        ],
        "button": gettext("Yes, form the panel"),
        "warning": False,
    }


def _confirm_decision(task, dispute, data) -> dict:
    outcome = DisputeOutcome(data["outcome"]).label.lower()
    return {
        "title": gettext("Record the panel's decision on dispute %(reference)s?")
        % {"reference": dispute.reference},
        "explanation": [
            gettext(
                "The decision: %(outcome)s. The dispute will close and a decision letter will "
                "go to both parties."
            )
            % {"outcome": outcome},
            *_remedies_words(data),
            _NO_UNDO,
        ],
        "button": gettext("Yes, record the decision"),
    }


def _plain(form_class):
    return lambda task, dispute, data=None: form_class(data)


STEPS = {
    "triage": _step(
        confirm=_confirm_triage,
        form=_plain(forms.TriageForm),
        complete=lambda *, task, by, data: services.triage_complete(
            task=task, by=by, accept=data["decision"] == "accept", text=data["text"]
        ),
    ),
    "informal": _step(
        confirm=_confirm_informal,
        form=_plain(forms.InformalForm),
        complete=lambda *, task, by, data: services.informal_complete(
            task=task, by=by, resolved=data["decision"] == "resolved", text=data["text"]
        ),
    ),
    "appoint_mediator": _step(
        confirm=_confirm_appointment,
        form=lambda task, dispute, data=None: forms.AppointMediatorForm(
            data, mediators=selectors.eligible_mediators(dispute)
        ),
        complete=lambda *, task, by, data: services.appoint_mediator_complete(
            task=task, by=by, mediator=data["mediator"]
        ),
    ),
    "mediation": _step(
        confirm=_confirm_mediation,
        form=lambda task, dispute, data=None: forms.MediationForm(data, dispute=dispute),
        complete=lambda *, task, by, data: services.mediation_complete(
            task=task,
            by=by,
            agreed=data["decision"] == "agreed",
            summary=data["text"],
            remedies=data["remedies"],
        ),
    ),
    "form_panel": _step(
        confirm=_confirm_panel,
        form=lambda task, dispute, data=None: forms.PanelForm(
            data, seats=selectors.eligible_panel_members(dispute)
        ),
        complete=lambda *, task, by, data: services.form_panel_complete(
            task=task, by=by, members=list(data["members"]), chair=data["chair"]
        ),
    ),
    "arbitration": _step(
        confirm=_confirm_decision,
        form=lambda task, dispute, data=None: forms.DecisionForm(data, dispute=dispute),
        complete=lambda *, task, by, data: services.arbitration_complete(
            task=task,
            by=by,
            outcome=data["outcome"],
            decision=data["text"],
            remedies=data["remedies"],
        ),
    ),
}
STEPS["answer"] = Step(
    form=lambda task, dispute, data=None, files=None: forms.AnswerForm(
        data, files, commitments=dispute.commitments.all()
    ),
    complete=lambda *, task, by, data: services.answer_complete(
        task=task,
        by=by,
        account=data["account"],
        accepted=data["accepted"],
        disputed=data["disputed"],
        already_done=data["already_done"],
        offer=data["offer"],
        evidence=data["evidence"],
    ),
    done=lambda dispute: gettext("Done. Your answer was sent to the complainant and the Champion."),
    multipart=True,
)
_confirm = _step(
    confirm=_confirm_mediator_answer,
    form=_plain(forms.ConfirmMediatorForm),
    complete=lambda *, task, by, data: services.confirm_mediator_complete(
        task=task, by=by, accepts=data["decision"] == "accept", reason=data["text"]
    ),
)
STEPS["complainant_confirms_mediator"] = _confirm
STEPS["respondent_confirms_mediator"] = _confirm

KIND = CaseKind(
    name="dispute",
    label=_("Disputes"),
    flows=(DisputeFlow,),
    process="process__disputeprocess",
    case_attr="dispute",
    lookups={"compact": f"{D}__compact", "reference": f"{D}__reference", "due": f"{D}__due_on"},
    own_clocks={DisputeFlow.answer: f"{D}__answer__due_on"},
    search=(f"{D}__complainant__name", f"{D}__respondent__name"),
    lines=_lines,
    still_theirs=_still_theirs,
    may_see=_may_see,
    case_url=lambda task: selectors.task_dispute(task).get_absolute_url(),
    # The joint body's queued steps: the flow's permissions (`.Permission(auto_create=True)`).
    queue_permissions=(
        "cases.can_appoint_mediator_disputeprocess",
        "cases.can_form_panel_disputeprocess",
    ),
    queue_compacts=_queue_compacts,
    queue=_queue,
    may_claim=_may_claim,
    may_reassign=_may_reassign,
    reassign_candidates=_reassign_candidates,
    on_reassign=_on_reassign,
    notices=lambda *, timers, reminder: services.dispute_timer_notices(
        timers=timers, reminder=reminder, skip_locked=True
    ),
    steps=STEPS,
    step_template="disputes/step_case.html",
    step_context=_step_context,
    line_models=(
        Dispute,
        Organisation,
        Compact,
    ),
)


# Remedies: each in its own procedure (`RemedyFlow`), listed with the dispute's steps.

R = "process__remedyprocess__remedy"


def _remedy_lines(process_ids) -> dict[int, CaseLine]:
    """One narrow read of what the list shows of each remedy."""
    kind, statuses = gettext("Remedy"), dict(Remedy.Status.choices)
    rows = RemedyProcess.objects.filter(pk__in=process_ids).values(
        "pk",
        "remedy__dispute__reference",
        "remedy__owed_by__name",
        "remedy__status",
        "remedy__due_on",
        "remedy__dispute__compact__nation",
        action=Left("remedy__action", 400),
    )
    return {
        row["pk"]: CaseLine(
            kind=kind,
            reference=row["remedy__dispute__reference"],
            url=reverse("dispute-detail", kwargs={"reference": row["remedy__dispute__reference"]})
            + "#remedies",
            parties=gettext("%(organisation)s to act")
            % {"organisation": row["remedy__owed_by__name"]},
            stage=str(statuses.get(row["remedy__status"], row["remedy__status"])),
            due_on=row["remedy__due_on"],
            nation=row["remedy__dispute__compact__nation"],
            subject=Truncator(row["action"]).words(12),
        )
        for row in rows
    }


def _remedy_dispute(task):
    return (
        RemedyProcess.objects.select_related("remedy__dispute__compact")
        .get(pk=task.process_id)
        .remedy.dispute
    )


def _remedy_queue(user) -> Q:
    organisations = Membership.objects.filter(user=user).values("organisation")
    represented = JointBodyMember.objects.filter(user=user).values("organisation")
    return ~(
        Q(**{f"{R}__dispute__complainant__in": organisations})
        | Q(**{f"{R}__dispute__respondent__in": organisations})
        | Q(**{f"{R}__dispute__complainant__in": represented})
        | Q(**{f"{R}__dispute__respondent__in": represented})
        | Q(**{f"{R}__dispute__raised_by": user})
    )


def _remedy_candidates(task) -> list:
    """Whom the chair can hand the joint body's check of a remedy to."""
    seats = JointBodyMember.objects.filter(compact=_remedy_dispute(task).compact_id)
    return [seat.user for seat in seats.select_related("user")]


def _remedy_context(task, remedy, user) -> dict:
    dispute = remedy.dispute
    return {
        **_step_context(task, dispute, user),
        "remedy": remedy,
        "days_left": working_days_between(
            timezone.localdate(), remedy.due_on, dispute.compact.nation
        ),
    }


REMEDY_STEPS = {
    "carry_out": Step(
        form=lambda task, remedy, data=None, files=None: forms.RemedyDoneForm(data, files),
        complete=lambda *, task, by, data: services.remedy_done_complete(
            task=task, by=by, note=data["note"], evidence=data.get("evidence")
        ),
        done=lambda remedy: gettext(
            "Done. The joint body will confirm the remedy was carried out."
        ),
        multipart=True,
    ),
    "check": Step(
        form=lambda task, remedy, data=None: forms.RemedyCheckForm(data),
        complete=lambda *, task, by, data: services.remedy_check_complete(
            task=task, by=by, complied=data["decision"] == "complied", note=data["text"]
        ),
        done=lambda remedy: (
            gettext("Done. The remedy is confirmed.")
            if remedy.status == "complied"
            else gettext("Done. The dispute is reopened with the Champion.")
        ),
        confirm=lambda task, remedy, data: (
            {
                "title": gettext("Confirm the remedy was carried out?"),
                "explanation": [gettext("Both parties will be told."), _NO_UNDO],
                "button": gettext("Yes, confirm it"),
                "warning": False,
            }
            if data["decision"] == "complied"
            else {
                "title": gettext("Reopen dispute %(reference)s?")
                % {"reference": remedy.dispute.reference},
                "explanation": [
                    gettext(
                        "The remedy will be recorded as not carried out, and the dispute goes "
                        "back to the Champion in informal resolution. Both parties will be told."
                    ),
                    _NO_UNDO,
                ],
                "button": gettext("Yes, reopen the dispute"),
            }
        ),
    ),
}

REMEDY_KIND = CaseKind(
    name="remedy",
    label=_("Remedies"),
    flows=(RemedyFlow,),
    process="process__remedyprocess",
    case_attr="remedy",
    lookups={
        "compact": f"{R}__dispute__compact",
        "reference": f"{R}__dispute__reference",
        "due": f"{R}__due_on",
    },
    search=(f"{R}__dispute__complainant__name", f"{R}__dispute__respondent__name"),
    lines=_remedy_lines,
    still_theirs=lambda user: selectors.dispute_visibility(user, prefix=f"{R}__dispute__"),
    may_see=lambda user, task: user.has_perm("cases.view_dispute", _remedy_dispute(task)),
    case_url=lambda task: _remedy_dispute(task).get_absolute_url() + "#remedies",
    queue_permissions=("cases.can_check_remedyprocess",),
    queue_compacts=_queue_compacts,
    queue=_remedy_queue,
    may_claim=lambda user, task: rules.acts_for_joint_body(user, _remedy_dispute(task)),
    may_reassign=lambda user, task: rules.chairs_for_joint_body(user, _remedy_dispute(task)),
    reassign_candidates=lambda task: _remedy_candidates(task),
    notices=lambda *, timers, reminder: services.remedy_send_notices(
        processes=[timer.process_id for timer in timers], reminder=reminder, skip_locked=True
    ),
    steps=REMEDY_STEPS,
    step_template="disputes/step_remedy.html",
    step_context=_remedy_context,
    line_models=(
        Remedy,
        Organisation,
        Compact,
    ),
)
