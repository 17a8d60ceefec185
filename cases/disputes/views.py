"""Dispute pages: raising one, the list, the dispute's own page and its documents.
Every view checks permission on the server; a record a user may not see is a 404, so
its existence is not given away."""

from __future__ import annotations

import copy
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from formtools.wizard.storage.session import SessionStorage
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView, normalize_name

from cases.common import fragments, kept_pages
from cases.common.files import serve_private_file
from cases.common.forms import DocumentForm, apply_errors, carried_over
from cases.disputes import forms, rules, selectors, services, sources
from cases.disputes.models import Dispute, DisputeStage
from cases.disputes.selectors import open_tasks, raisable_organisations, working_days_left
from cases.disputes.services import dispute_add_document, dispute_add_note
from cases.register.models import AccessEvent, Commitment, Compact, Organisation, Signatory
from cases.register.services import access_record
from cases.templatetags.stages import stage_colour


def _visible_dispute(request, reference, **read) -> Dispute:
    dispute = selectors.visible_dispute(request.user, reference, **read)
    if dispute is None:
        raise Http404
    return dispute


def _number(value: str) -> int:
    """A positive whole number written in ASCII digits, or 0."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0


def _param(request, name, default=""):
    """A query parameter as plain text: anything with a NUL byte (which PostgreSQL cannot
    store or compare) or longer than a slug counts as not given."""
    value = request.GET.get(name, default)
    return default if "\x00" in value or len(value) > 100 else value


PLACEHOLDER = "AAA-A-0000-0000"  # a reference's shape, for an address to fill in


@login_required
def dispute_list(request):
    """The disputes one may see: the main content is kept whole until anything is written
    (`cases.common.kept_pages`)."""
    body = kept_pages.kept(
        request,
        "disputes",
        lambda: _list_body(request),
        params=("stage", "compact", "sort", "page"),
    )
    return render(request, "disputes/list.html", {"body": body})


def _list_body(request) -> tuple[str, dict]:
    stage = _param(request, "stage")
    compact = _param(request, "compact")
    sort = _param(request, "sort", "newest")
    ids = selectors.dispute_page_ids(user=request.user, stage=stage, compact=compact, sort=sort)
    # Page the ids first (each way of seeing a dispute from its own index, sorted without
    # the joins), then read the page's 25 rows, with only what the list shows.
    page = Paginator(ids, 25).get_page(request.GET.get("page"))
    rows = selectors.list_rows(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    # One address lookup a page, not one a row; rows already rendered with the same values
    # come from the cache (`cases.common.fragments`).
    link = reverse("dispute-detail", kwargs={"reference": PLACEHOLDER})
    labels = dict(DisputeStage.choices)  # (get_stage_display translates every label a row)
    shown = [
        {
            "link": link.replace(PLACEHOLDER, dispute.reference),
            "reference": dispute.reference,
            "title": dispute.title,
            "complainant": dispute.complainant.name,
            "respondent": dispute.respondent.name,
            "area": dispute.compact.area,
            "stage_colour": stage_colour(dispute.stage),
            "stage_label": str(labels.get(dispute.stage, dispute.stage)),
            "paused": dispute.is_paused,
            "due_on": dispute.due_on,
            "overdue": dispute.is_overdue,
        }
        for dispute in page.object_list
    ]
    for dispute, html in zip(
        page.object_list, fragments.rendered("disputes/row.html", shown), strict=True
    ):
        dispute.html = html
    return (
        "disputes/list_body.html",
        {
            "page": page,
            "stage": stage,
            "compact": compact,
            "sort": sort,
            "stages": [("open", _("All open")), *DisputeStage.choices],
            # A few rows from indexes, not the compact of every dispute they may see.
            "compacts": selectors.dispute_compacts(request.user),
            "can_raise": selectors.may_raise(request.user),
            "drafts": selectors.drafts_of(request.user),
        },
    )


STEPS = [
    ("compact", forms.DisputeCompactForm),
    ("organisation", forms.DisputeOrganisationForm),
    ("respondent", forms.DisputeRespondentForm),
    ("commitments", forms.DisputeCommitmentsForm),
    ("what-happened", forms.DisputeWhatHappenedForm),
    ("already-tried", forms.DisputeAlreadyTriedForm),
    ("outcome", forms.DisputeOutcomeForm),
    ("evidence", forms.DisputeEvidenceForm),
    ("check", forms.DisputeCheckForm),
]


def _signed(compact):
    """The organisations that are signatories of the compact now."""
    return Signatory.current.filter(compact=compact).values("organisation")


class DraftKeepingStorage(SessionStorage):
    """The raise form's answers in the session, as formtools keeps them, except that the
    evidence of a form kept as a draft belongs to the draft: starting again does not
    delete it (sending or deleting the draft does)."""

    def reset(self):
        if self.data.get(self.extra_data_key, {}).get("draft"):
            self.init_data()
            return
        super().reset()

    def get_step_files(self, step):
        # A file the answers name may be gone: its draft was sent or deleted in another
        # session, or expired. The answer loses the file (to be added again), not the page.
        stored = self.data[self.step_files_key].get(step, {})
        for field, about in list(stored.items()):
            if not self.file_storage.exists(about["tmp_name"]):
                del stored[field]
        return super().get_step_files(step)


@method_decorator(login_required, name="dispatch")
class RaiseDisputeWizard(NamedUrlSessionWizardView):
    """Raise a dispute, one question a page, with a check-your-answers page at the end.

    Every page answered is kept as the author's draft (`services.draft_save`), so a
    dispute begun can be finished after signing out (`?draft=<id>`), or saved on purpose
    ("Save and come back later"). "Change" on the check page comes back to it once the
    answers fit together again."""

    form_list = STEPS
    template_name = "disputes/raise_step.html"
    storage_name = "cases.disputes.views.DraftKeepingStorage"

    @property
    def file_storage(self):
        return services.wizard_file_storage()

    def dispatch(self, request, *args, **kwargs):
        draft = _param(request, "draft")
        if draft and selectors.draft_of(request.user, _number(draft)) is None:
            raise Http404  # nobody else's draft exists to them
        if not raisable_organisations(request.user):
            return render(request, "disputes/cannot_raise.html")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if kwargs.get("step") is None and _param(request, "draft"):
            return self._resume(_param(request, "draft"))
        if kwargs.get("step") and request.GET.get("change") == "1":
            # "Change" from the check page: back there once this answer is given.
            self.storage.extra_data = {**self.storage.extra_data, "returning": True}
        if kwargs.get("step") is None:
            request.session.pop("dispute-last-raised", None)  # a new dispute begins
            for name in sources.SOURCES:
                if sources.prefill(name, _param(request, name)) is not None:
                    # Raised from another record (a departure from the Compact): start a
                    # fresh form, filled in from it.
                    self.storage.reset()
                    self.storage.extra_data = {"source": name, "pk": _param(request, name)}
                    break
        # The dispute is only ever made by the POST of the final page, never by a GET.
        if kwargs.get("step") == self.done_step_name:
            return redirect(self.get_step_url("check"))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # A second press of "Send" after the dispute was made: show the one it made.
        last = request.session.get("dispute-last-raised")
        if last and kwargs.get("step") == "check" and not self.storage.data.get("step_data"):
            return redirect("dispute-raised", reference=last)
        return super().post(request, *args, **kwargs)

    def render_done(self, form, **kwargs):
        # Send straight from the final page's POST (formtools would redirect to a GET).
        return WizardView.render_done(self, form, **kwargs)

    def get_form_step_data(self, form):
        # Keep the page's own answers, not whatever else was posted with them.
        own = f"{form.prefix}-"
        return {k: v for k, v in form.data.lists() if k.startswith(own)}

    def render_next_step(self, form, **kwargs):
        """A page's answer is stored: keep the draft, then go on (or back to the check
        page, or to the list when saving to come back later)."""
        draft = self._keep_draft()
        if self.request.POST.get("save_for_later"):
            messages.success(
                self.request,
                _("Your draft is saved. You can come back to it until %(date)s.")
                % {"date": date_format(draft.deleted_on, "j F Y")},
            )
            return redirect("dispute-list")
        extra = self.storage.extra_data
        if extra.get("returning") and self._first_unanswered() == "check":
            self.storage.extra_data = {k: v for k, v in extra.items() if k != "returning"}
            self.storage.current_step = "check"
            return redirect(self.get_step_url("check"))
        return super().render_next_step(form, **kwargs)

    def _first_unanswered(self) -> str:
        for step in self.get_form_list():
            if step != "check" and self.get_cleaned_data_for_step(step) is None:
                return step
        return "check"

    def _keep_draft(self):
        extra = self.storage.extra_data
        what = self.get_cleaned_data_for_step("what-happened") or {}
        compact = self._compact()
        title = what.get("subject") or (
            _("A dispute under %(compact)s") % {"compact": compact.name} if compact else ""
        )
        draft = services.draft_save(
            by=self.request.user,
            draft_id=extra.get("draft"),
            data=self.storage.data,
            title=title,
        )
        if extra.get("draft") != draft.pk:
            # A new draft (or its old one was deleted meanwhile): the answers name it.
            self.storage.extra_data = {**extra, "draft": draft.pk}
            draft = services.draft_save(
                by=self.request.user, draft_id=draft.pk, data=self.storage.data, title=title
            )
        return draft

    def _resume(self, pk):
        """Continue a draft: its answers back in the form, at the first page unanswered."""
        draft = selectors.draft_of(self.request.user, _number(pk))
        if draft is None:
            raise Http404
        services.draft_opened(draft=draft)
        self.storage.data = copy.deepcopy(draft.data) or self.storage.data
        self.storage.extra_data = {**self.storage.extra_data, "draft": draft.pk}
        step = self._first_unanswered()
        self.storage.current_step = step
        return redirect(self.get_step_url(step))

    def _my_organisations(self):
        return Organisation.objects.filter(memberships__user=self.request.user)

    def _compact(self):
        data = self.get_cleaned_data_for_step("compact") or {}
        return data.get("compact")

    def get_form_kwargs(self, step=None):
        compact = self._compact() if step != "compact" else None
        mine = self._my_organisations()
        if step == "compact":
            return {
                "compacts": Compact.objects.filter(
                    pk__in=Signatory.current.filter(organisation__in=mine).values("compact")
                )
            }
        if step == "organisation":
            return {"organisations": mine.filter(pk__in=_signed(compact))}
        if step == "respondent":
            complainant = (self.get_cleaned_data_for_step("organisation") or {}).get("complainant")
            others = Organisation.objects.filter(pk__in=_signed(compact))
            if complainant:
                others = others.exclude(pk=complainant.pk)
            return {"organisations": others.order_by("name")}
        if step == "commitments":
            return {"commitments": Commitment.objects.filter(compact=compact, in_force=True)}
        return {}

    def _prefill(self):
        extra = self.storage.extra_data
        return sources.prefill(extra["source"], extra["pk"]) if "source" in extra else None

    def get_form_initial(self, step):
        initial = super().get_form_initial(step)
        source = self._prefill()
        if source is not None:
            initial.update(
                {
                    "compact": {"compact": source["compact_id"]},
                    "respondent": {"respondent": source["respondent_id"]},
                    "commitments": {"commitments": source["commitment_ids"]},
                    "what-happened": {
                        "subject": source.get("subject", ""),
                        "what_happened": source["what_happened"],
                        "happened_on": source["happened_on"],
                    },
                }.get(step, {})
            )
        mine = self._my_organisations()
        if step == "compact" and _param(self.request, "compact"):
            compact = Compact.objects.filter(slug=_param(self.request, "compact")).first()
            if compact:
                initial["compact"] = compact
        if step == "organisation" and mine.count() == 1:
            initial["complainant"] = mine.first()
        return initial

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        if not self.storage.extra_data.get("submission_key"):
            self.storage.extra_data = {
                **self.storage.extra_data,
                "submission_key": secrets.token_urlsafe(24),
            }
        context["title"] = form.title
        context["step_number"] = self.steps.index + 1
        context["step_count"] = self.steps.count
        context["returning"] = bool(self.storage.extra_data.get("returning"))
        if self.steps.current == "check":
            context["answers"] = self._answers()
        return context

    def _answers(self):
        data = {}
        for step in self.get_form_list():
            data.update(self.get_cleaned_data_for_step(step) or {})
        files = [data.get(f"evidence_{n}") for n in (1, 2, 3)]
        return {
            "compact": data.get("compact"),
            "complainant": data.get("complainant"),
            "respondent": data.get("respondent"),
            "commitments": data.get("commitments") or [],
            "subject": data.get("subject") or "",
            "what_happened": data.get("what_happened"),
            "happened_on": data.get("happened_on"),
            "already_tried": data.get("already_tried"),
            "outcome_sought": data.get("outcome_sought"),
            "evidence": [f for f in files if f],
        }

    def done(self, form_list, **kwargs):
        answers = self._answers()
        try:
            dispute, _created = services.dispute_raise(
                compact=answers["compact"],
                by=self.request.user,
                complainant=answers["complainant"],
                respondent=answers["respondent"],
                commitments=answers["commitments"],
                subject=answers["subject"],
                what_happened=answers["what_happened"],
                happened_on=answers["happened_on"],
                already_tried=answers["already_tried"],
                outcome_sought=answers["outcome_sought"],
                submission_key=self.storage.extra_data["submission_key"],
                evidence=answers["evidence"],
                source=(extra["source"], extra["pk"])
                if "source" in (extra := self.storage.extra_data)
                else None,
            )
        except (ValidationError, PermissionDenied) as error:
            messages_list = (
                [m for ms in error.message_dict.values() for m in ms]
                if isinstance(error, ValidationError) and hasattr(error, "error_dict")
                else (error.messages if isinstance(error, ValidationError) else [str(error)])
            )
            form = form_list[-1]
            for message in messages_list:
                form.add_error(None, message)
            return self.render(form)
        services.draft_sent(draft_id=self.storage.extra_data.get("draft"), by=self.request.user)
        self.request.session[f"raised-{dispute.reference}"] = True
        self.request.session["dispute-last-raised"] = dispute.reference
        return redirect("dispute-raised", reference=dispute.reference)


@login_required
def draft_delete(request, pk):
    """Delete a draft, after asking: it cannot be undone."""
    draft = selectors.draft_of(request.user, pk)
    if draft is None:
        raise Http404
    if request.method == "POST":
        services.draft_delete(draft=draft, by=request.user)
        # The raise form in this session, if it was this draft, starts again.
        session_key = f"wizard_{normalize_name(RaiseDisputeWizard.__name__)}"
        if request.session.get(session_key, {}).get("extra_data", {}).get("draft") == draft.pk:
            del request.session[session_key]
        messages.success(request, _("Your draft was deleted."))
        return redirect("dispute-list")
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Are you sure you want to delete this draft?"),
            "caption": _("Draft dispute"),
            "explanation": [
                _("“%(title)s”, last saved %(date)s.")
                % {
                    "title": draft.title or _("Untitled draft"),
                    "date": date_format(draft.saved_at, "j F Y"),
                },
                _("Its answers and any evidence you added will be deleted. You cannot undo this."),
            ],
            "action": request.path,
            "button": _("Yes, delete the draft"),
            "cancel": reverse("dispute-list"),
        },
    )


@login_required
def dispute_raised(request, reference):
    dispute = _visible_dispute(request, reference)
    if not request.session.get(f"raised-{reference}"):
        return redirect(dispute)
    return render(request, "disputes/raised.html", {"dispute": dispute})


def _actions(request, dispute, answer=None):
    """The forms this user may use on the dispute page, by name."""
    user = request.user
    actions = {"bundle": True}  # everyone who sees the dispute may have its papers made
    if dispute.is_open:
        if answer is not None and not answer.is_given and rules.is_champion(user, dispute):
            actions["extend_answer"] = forms.ExtendAnswerForm(prefix="extend_answer")
        if user.has_perm("cases.withdraw_dispute", dispute):
            actions["withdraw"] = forms.ReasonForm(
                label=_("Why are you withdrawing the dispute? (optional)"), prefix="withdraw"
            )
            actions["withdraw"].fields["text"].required = False
        if rules.can_manage_clock(user, dispute) and (dispute.due_on or dispute.is_paused):
            if dispute.is_paused:
                actions["resume"] = True
            else:
                actions["pause"] = forms.ReasonForm(
                    label=_("Why is the clock paused?"),
                    hint=_("Both parties will see this reason."),
                    required_message=_("Enter the reason the clock is paused"),
                    prefix="pause",
                )
        mediation_notes = dispute.stage == DisputeStage.MEDIATION and rules.is_mediator(
            user, dispute
        )
        champion_notes = dispute.stage != DisputeStage.MEDIATION and rules.is_champion(
            user, dispute
        )
        if mediation_notes or champion_notes:
            actions["note"] = forms.NoteForm(prefix="note")
        if (
            rules.is_party(user, dispute)
            or rules.is_champion(user, dispute)
            or rules.is_mediator(user, dispute)
        ):
            actions["document"] = DocumentForm(prefix="document")
        if (
            rules.is_party(user, dispute)
            or rules.is_champion(user, dispute)
            or (dispute.stage == DisputeStage.MEDIATION and rules.is_mediator(user, dispute))
        ):
            actions["message"] = forms.MessageForm(prefix="message")
        if (
            dispute.stage == DisputeStage.INFORMAL
            and rules.is_party(user, dispute)
            and not rules.is_champion(user, dispute)  # the Champion uses the task
            and rules.stage_time_has_run_out(dispute)
        ):
            actions["escalate"] = forms.ReasonForm(
                label=_("Why does the dispute need mediation?"),
                required_message=_("Enter why the dispute needs mediation"),
                prefix="escalate",
            )
    return actions


def _looked(request, dispute, kind, what=""):
    """Who read the dispute, its papers or its letter (the access log, issue 17)."""
    access_record(
        user=request.user,
        compact_id=dispute.compact_id,
        kind=kind,
        reference=dispute.reference,
        what=what,
    )


@login_required
def dispute_detail(request, reference, *, actions=None, status=200):
    """A dispute's page. Who may see it and the log of their look are worked out on every
    request; the page's main content is kept whole until anything is written
    (`cases.common.kept_pages`), except after a form was posted, and while its papers are
    being made (that ends with the time, not a write: `_detail_body`). A page kept reads
    the dispute with only what deciding needs; one worked out reads it again whole."""
    dispute = _visible_dispute(request, reference, related=selectors.TO_DECIDE)
    _looked(request, dispute, AccessEvent.Kind.DISPUTE)
    body = kept_pages.kept(
        request,
        "dispute",
        lambda: _detail_body(request, selectors.whole(dispute), actions),
        keep=actions is None,
    )
    return render(
        request, "disputes/detail.html", {"dispute": dispute, "body": body}, status=status
    )


def _detail_body(request, dispute, actions) -> tuple[str, dict, bool]:
    """The dispute page's main content, and whether it may be kept: not while its papers
    are being made, as read now (that ends with the time, not a write)."""
    user = request.user
    tasks = list(open_tasks(dispute))
    view, records = selectors.page_records(dispute=dispute, user=user)
    answer = records["answer"]
    actions = actions if actions is not None else _actions(request, dispute, answer)
    failed = actions.get("challenge_remedy") or actions.get("remedy_not_done")
    acts_for_joint_body = rules.acts_for_joint_body(user, dispute)
    days_left = working_days_left(dispute)
    remedies = []
    for remedy in records["remedies"]:
        challenge = not_done = None
        if rules.is_complainant(user, dispute) and not remedy.is_settled:
            challenge = (
                failed
                if getattr(failed, "remedy_id", None) == remedy.pk
                and failed.prefix.startswith("challenge")
                else forms.ChallengeRemedyForm(prefix=f"challenge-{remedy.pk}")
            )
        if acts_for_joint_body and remedy.status == "open" and remedy.is_overdue:
            not_done = (
                failed
                if getattr(failed, "remedy_id", None) == remedy.pk
                and failed.prefix.startswith("notdone")
                else _not_done_form(remedy)
            )
        remedies.append((remedy, challenge, not_done))
    return (
        "disputes/detail_body.html",
        {
            "dispute": dispute,
            "commitments": records["cited"],
            "timeline": list(reversed(records["timeline"])),
            "documents": records["documents"],
            "thread": records["messages"],
            "went_to_arbitration": selectors.went_to_arbitration(dispute),
            "tasks": tasks,
            "my_tasks": [t for t in tasks if t.owner_id == user.pk],
            "days_left": days_left,
            # How many working days late, for the page's "Overdue by".
            "days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
            "answer": answer,
            "answer_days_left": selectors.answer_days_left(answer),
            "remedies": remedies,
            "actions": actions,
            "is_party": rules.is_party(user, dispute),
            "sees_without_prejudice": view.without_prejudice,
            "sees_who_looked": user.has_perm("cases.see_who_looked", dispute.compact),
        },
        not dispute.bundle_is_being_made,
    )


# The dispute page's actions that cannot be undone: each asks "Are you sure?" first.
_ASK_FIRST = {
    "withdraw": lambda dispute: {
        "title": _("Are you sure you want to withdraw dispute %(reference)s?")
        % {"reference": dispute.reference},
        "explanation": [
            _(
                "The dispute will end, and every step still open on it will stop. Both parties "
                "and the Champion will be told."
            ),
            _("You cannot undo this. To raise the matter again you would start a new dispute."),
        ],
        "button": _("Yes, withdraw the dispute"),
    },
    "escalate": lambda dispute: {
        "title": _("Send dispute %(reference)s to mediation?") % {"reference": dispute.reference},
        "explanation": [
            _("Informal resolution will end, and the %(joint_body)s will appoint a mediator.")
            % {"joint_body": dispute.compact.joint_body_name},
            _("You cannot undo this."),
        ],
        "button": _("Yes, send it to mediation"),
    },
}


def _ask_first(request, dispute, action):
    return _confirm_page(request, dispute, _ASK_FIRST[action](dispute))


def _confirm_page(request, dispute, words: dict, cancel: str = ""):
    """The "Are you sure?" page for a dispute page's action: what was posted travels on
    in hidden fields; "No, go back" returns to the form as it was."""
    return render(
        request,
        "includes/confirm.html",
        {
            **words,
            "caption": _("Dispute %(reference)s") % {"reference": dispute.reference},
            "action": request.path,
            "fields": carried_over(request.POST),
            "back_button": True,
            "cancel": cancel or dispute.get_absolute_url(),
        },
    )


def _posted_remedy(request, dispute):
    """The dispute's remedy the form names, or 404."""
    wanted = request.POST.get("remedy")
    remedy = next((r for r in selectors.dispute_remedies(dispute) if str(r.pk) == wanted), None)
    if remedy is None:
        raise Http404
    return remedy


def _not_done_form(remedy, data=None):
    form = forms.ReasonForm(
        data,
        label=_("Why was it not carried out?"),
        hint=_("Both parties will see this. The dispute will be reopened with the Champion."),
        required_message=_("Say why the remedy was not carried out"),
        prefix=f"notdone-{remedy.pk}",
    )
    form.remedy_id = remedy.pk
    return form


def _remedy_not_done(request, dispute, actions):
    """The joint body records that an overdue remedy was never carried out, after asking:
    the dispute is reopened."""
    remedy = _posted_remedy(request, dispute)
    form = _not_done_form(remedy, request.POST)
    if form.is_valid():
        if request.POST.get("confirmed") != "yes":
            if request.POST.get("confirmed") != "back":
                words = {
                    "title": _("Record that %(organisation)s did not carry out the remedy?")
                    % {"organisation": remedy.owed_by.name},
                    "explanation": [
                        _(
                            "It was due %(date)s and was never reported done. Its steps will "
                            "stop and the dispute will be reopened with the Champion. Both "
                            "parties will be told."
                        )
                        % {"date": date_format(remedy.due_on, "j F Y")},
                        _("You cannot undo this."),
                    ],
                    "button": _("Yes, record it and reopen the dispute"),
                }
                return _confirm_page(request, dispute, words, remedy.get_absolute_url())
        else:
            try:
                services.remedy_not_carried_out(
                    remedy=remedy, by=request.user, reason=form.cleaned_data["text"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Recorded. The dispute is reopened with the Champion."))
                return redirect(dispute)
    actions["remedy_not_done"] = form
    return dispute_detail(
        request, dispute.reference, actions=actions, status=200 if form.is_valid() else 400
    )


def _challenge_remedy(request, dispute, actions):
    """The complainant says a remedy was not carried out."""
    remedy = _posted_remedy(request, dispute)
    form = forms.ChallengeRemedyForm(request.POST, prefix=f"challenge-{remedy.pk}")
    form.remedy_id = remedy.pk
    if form.is_valid():
        try:
            services.remedy_challenge(
                remedy=remedy, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The joint body will see that you say it was not done."))
            return redirect(remedy)
    actions["challenge_remedy"] = form
    return dispute_detail(request, dispute.reference, actions=actions, status=400)


@login_required
@require_POST
def dispute_action(request, reference):
    """One endpoint for the dispute page's forms; each is checked again by its service."""
    dispute = _visible_dispute(request, reference)
    action = request.POST.get("action")
    actions = _actions(request, dispute, selectors.dispute_answer(dispute))
    if action == "challenge_remedy" and rules.is_complainant(request.user, dispute):
        actions["challenge_remedy"] = None  # checked on the remedy itself below
    if action == "remedy_not_done" and rules.acts_for_joint_body(request.user, dispute):
        actions["remedy_not_done"] = None  # checked on the remedy itself below
    if action not in actions:
        raise PermissionDenied
    user = request.user
    try:
        if action == "resume":
            services.dispute_resume_clock(dispute=dispute, by=user)
            messages.success(request, _("The clock is running again."))
            return redirect(dispute)
        if action == "challenge_remedy":
            return _challenge_remedy(request, dispute, actions)
        if action == "remedy_not_done":
            return _remedy_not_done(request, dispute, actions)
        if action == "bundle":
            services.dispute_bundle_request(dispute=dispute, by=user)
            messages.success(
                request, _("The papers are being made. Refresh this page in a minute to get them.")
            )
            return redirect(f"{dispute.get_absolute_url()}#papers")
        blank = actions[action]
        kwargs = {"prefix": action}
        if isinstance(blank, forms.ReasonForm):
            field = blank.fields["text"]
            kwargs.update(
                label=field.label,
                hint=field.help_text,
                required_message=field.error_messages["required"],
            )
        form = type(blank)(request.POST, request.FILES, **kwargs)
        if action == "withdraw":
            form.fields["text"].required = False
        if not form.is_valid():
            actions[action] = form
            return dispute_detail(request, reference, actions=actions, status=400)
        data = form.cleaned_data
        if action in _ASK_FIRST and request.POST.get("confirmed") != "yes":
            if request.POST.get("confirmed") == "back":  # the form again, as it was typed
                actions[action] = form
                return dispute_detail(request, reference, actions=actions)
            return _ask_first(request, dispute, action)
        if action == "withdraw":
            services.dispute_withdraw(dispute=dispute, by=user, reason=data["text"])
            messages.success(request, _("The dispute has been withdrawn."))
        elif action == "pause":
            services.dispute_pause_clock(dispute=dispute, by=user, reason=data["text"])
            messages.success(request, _("The clock is paused. Both parties can see why."))
        elif action == "note":
            dispute_add_note(dispute=dispute, by=user, kind=data["kind"], text=data["text"])
            messages.success(request, _("The note was added to the timeline."))
        elif action == "document":
            dispute_add_document(dispute=dispute, by=user, upload=data["file"])
            messages.success(request, _("The document was added."))
        elif action == "message":
            services.dispute_post_message(
                dispute=dispute, by=user, body=data["body"], upload=data.get("file")
            )
            messages.success(request, _("Your message was sent."))
            return redirect(f"{dispute.get_absolute_url()}#messages")
        elif action == "extend_answer":
            answer = services.dispute_extend_answer(
                dispute=dispute, by=user, days=data["days"], reason=data["text"]
            )
            messages.success(
                request,
                _("The respondent now has until %(date)s to answer.")
                % {"date": date_format(answer.due_on, "j F Y")},
            )
        elif action == "escalate":
            services.party_escalate(dispute=dispute, by=user, reason=data["text"])
            messages.success(request, _("The dispute has gone to mediation."))
    except ValidationError as error:
        form = actions.get(action)
        if hasattr(form, "add_error"):
            form.add_error(None, error.messages)
            return dispute_detail(request, reference, actions=actions, status=400)
        messages.error(request, " ".join(error.messages))
    return redirect(dispute)


@login_required
def dispute_document(request, reference, pk):
    dispute = _visible_dispute(request, reference)
    visible = selectors.dispute_documents(dispute=dispute, user=request.user)
    document = next((d for d in visible if d.pk == pk), None)
    if document is None:
        raise Http404
    # A mediation paper's name is without prejudice too: the log, read by the Champion,
    # says only what kind of paper was read.
    name = "A mediation paper" if document.without_prejudice else document.original_name
    _looked(request, dispute, AccessEvent.Kind.DISPUTE_DOCUMENT, name)
    return serve_private_file(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@login_required
def dispute_bundle(request, reference):
    dispute = _visible_dispute(request, reference)
    if not dispute.bundle:
        raise Http404
    _looked(request, dispute, AccessEvent.Kind.DISPUTE_PAPERS)
    try:
        return serve_private_file(
            dispute.bundle,
            filename=f"{dispute.reference}-papers.pdf",
            content_type="application/pdf",
        )
    except FileNotFoundError:  # remade this moment: the old file has just gone
        messages.info(request, _("The papers were made again just now. Download them again."))
        return redirect(f"{dispute.get_absolute_url()}#papers")


@login_required
def dispute_letter(request, reference):
    dispute = _visible_dispute(request, reference)
    if not dispute.decision_letter:
        raise Http404
    _looked(request, dispute, AccessEvent.Kind.DECISION_LETTER)
    return serve_private_file(
        dispute.decision_letter,
        filename=f"{dispute.reference}-decision.pdf",
        content_type="application/pdf",
    )
