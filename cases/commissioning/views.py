"""Commissioning pages: open opportunities, the exercise's page with the commissioner's
and bidders' actions, and the tenderer's bid tracker. Bids are sealed: before the window
closes the commissioner sees none, and a tenderer never sees another organisation's."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from cases.commissioning import actions as exercise_actions
from cases.commissioning import selectors, services
from cases.commissioning.clocks import feedback_due_on
from cases.commissioning.forms import (
    AlertForm,
    ConsultationFilterForm,
    ExerciseFilterForm,
    ExerciseForm,
    OpportunityFilterForm,
)
from cases.commissioning.holds import holding
from cases.commissioning.models import Bid, Exercise
from cases.commissioning.rules import is_commissioner
from cases.common.files import serve_private_file
from cases.common.forms import apply_errors, carried_over
from cases.register.models import AccessEvent, Membership, Sector
from cases.register.services import access_record


def opportunity_list(request):
    form = OpportunityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    exercises = selectors.opportunities(
        compact=filters.get("compact") or "",
        funding_type=filters.get("funding_type") or "",
        closes_before=filters.get("closes_before"),
        sort=filters.get("sort") or "closing",
    )
    return render(
        request,
        "commissioning/opportunities.html",
        {"form": form, "page": Paginator(exercises, 20).get_page(request.GET.get("page"))},
    )


def consultation_list(request):
    """Consultations open now, beside the opportunities: anyone may read them, and a
    voluntary organisation responds on the exercise's page."""
    form = ConsultationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.consultations(
        compact=filters.get("compact") or "", sort=filters.get("sort") or "closing"
    )
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    for exercise in page.object_list:
        exercise.feedback_due_on = feedback_due_on(exercise)
    return render(request, "commissioning/consultations.html", {"form": form, "page": page})


def _exercise(request, reference) -> Exercise:
    exercise = selectors.visible_exercise(request.user, reference)
    if exercise is None:
        raise Http404
    return exercise


def exercise_detail(request, reference):
    exercise = _exercise(request, reference)
    user = request.user
    commissioner = is_commissioner(user, exercise)
    my_bids = (
        list(selectors.bids_of(user).filter(exercise=exercise)) if user.is_authenticated else []
    )
    return render(
        request,
        "commissioning/exercise.html",
        {
            "exercise": exercise,
            "steps": selectors.tracker_steps(exercise),
            "feedback_due_on": feedback_due_on(exercise)
            if exercise.stage == "consultation" and not exercise.has_summary()
            else None,
            "departures": exercise.departures.select_related("commitment"),
            "funding_changes": exercise.changes.all(),
            "documents": exercise.documents.all(),
            "criteria": exercise.criteria.all(),
            "amendments": exercise.amendments.all(),
            "questions": exercise.questions.all(),
            "clarifications": exercise.clarifications.exclude(answered_at=None)
            if user.is_authenticated
            else [],
            "events": exercise.events.select_related("actor"),
            # What the user can do now, each on its own page.
            "actions": [
                (name, exercise_actions.WORDS[name][0])
                for name in exercise_actions.open_names(user, exercise)
            ],
            "is_commissioner": commissioner,
            # Open challenges to the award: the commissioner and the Champion are told.
            "challenges": holding(exercise)
            if exercise.stage == "award"
            and (commissioner or exercise.compact.champion_id == user.pk)
            else [],
            "my_bids": my_bids,
            "bids": list(selectors.opened_bids(exercise)) if commissioner else [],
            "sealed_count": selectors.sealed_bid_count(exercise) if commissioner else None,
            "can_dispute": user.is_authenticated
            and Membership.objects.filter(
                user=user,
                organisation__sector=Sector.VCS,
                organisation__signatures__compact=exercise.compact,
                organisation__signatures__left_on__isnull=True,
            ).exists(),
            "reviews": exercise.reviews.select_related("bid__organisation") if commissioner else [],
            "responses": exercise.responses.select_related("organisation") if commissioner else [],
        },
    )


def _open_action(request, exercise, action):
    """The blank form of an action open to the user now (True: no fields), or None after
    telling them why it is not open. Someone never entitled to it is refused."""
    actions = exercise_actions.available_actions(request.user, exercise)
    if action in actions:
        return actions[action]
    if exercise_actions.entitled(request.user, exercise, action):
        # A second press, or a page left open while the exercise moved on.
        messages.error(request, exercise_actions.why_closed(action, exercise))
        return None
    raise PermissionDenied


def _action_page(request, exercise, action, form, *, status=200):
    title, button = exercise_actions.WORDS[action]
    return render(
        request,
        "commissioning/action.html",
        {
            "exercise": exercise,
            "action": action,
            "form": None if form is True else form,
            "title": title,
            "button": button,
            "warning": action == "cancel",
        },
        status=status,
    )


def _answers(form) -> list[tuple[str, str]]:
    """The answers given, as the check page shows them: each field's label and value."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, datetime.date):
            text = date_format(value, "j F Y")
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        elif isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            text = str(dict(field.choices).get(value, value))
        else:
            text = str(value)
        rows.append((str(field.label), text))
    return rows


def _confirm(request, exercise, action, *, form=None):
    """ "Are you sure?" before a step that cannot be undone: what was typed travels on in
    hidden fields, and "No, go back" returns to the form as it was (or, for a step with
    nothing to fill in, to the exercise)."""
    title, _button = exercise_actions.WORDS[action]
    return render(
        request,
        "includes/confirm.html",
        {
            "caption": f"{exercise.reference}: {exercise.title}",
            "title": _("%(action)s: are you sure?") % {"action": title},
            "explanation": [exercise_actions.ASK_FIRST[action]],
            "button": exercise_actions.YES[action],
            "warning": action in ("cancel", "close"),
            "action": request.path,
            "fields": carried_over(request.POST),
            # Check your answers: what will be done, before it is.
            "answers": _answers(form) if form is not None else [],
            "back_button": form is not None,
            "cancel": reverse("exercise-do", args=[exercise.reference, action])
            if form is not None
            else exercise.get_absolute_url(),
        },
    )


def _act(request, exercise, action):
    """Do an open action from a POST: its form checked, then (on the pages, for a step
    that cannot be undone) "Are you sure?", then its service."""
    blank = _open_action(request, exercise, action)
    if blank is None:
        return redirect(exercise)
    form = None
    if blank is not True:
        form = type(blank)(request.POST, request.FILES, prefix=action, **blank.extra_kwargs)
        if not form.is_valid():
            return _action_page(request, exercise, action, form, status=400)
    confirmed = request.POST.get("confirmed")
    if action in exercise_actions.ASK_FIRST and confirmed != "yes":
        if confirmed == "back":  # "No, go back": the form as it was
            return _action_page(request, exercise, action, form or True)
        return _confirm(request, exercise, action, form=form)
    try:
        done = exercise_actions.do_action(
            action, exercise, request.user, form.cleaned_data if form else {}
        )
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect(exercise)
        apply_errors(form, error)
        return _action_page(request, exercise, action, form, status=400)
    if isinstance(done, Bid):
        return redirect(done)
    messages.success(request, done)
    return redirect(exercise)


@login_required
def exercise_do(request, reference, action):
    """One action of the exercise on its own page: its form, "Are you sure?" for a step that
    cannot be undone, then back to the exercise."""
    exercise = _exercise(request, reference)
    if action not in exercise_actions.KNOWN_ACTIONS:
        raise Http404
    if request.method == "POST":
        return _act(request, exercise, action)
    blank = _open_action(request, exercise, action)
    if blank is None:
        return redirect(exercise)
    if blank is True and action in exercise_actions.ASK_FIRST:
        return _confirm(request, exercise, action)  # nothing to fill in first
    return _action_page(request, exercise, action, blank)


@login_required
def exercise_list(request):
    """The commissioner's home: every exercise of the organisations they commission for,
    with its stage, next step, due date and the number of bids sent."""
    organisations = selectors.commissioned_by(request.user)
    if not organisations.exists():
        raise PermissionDenied
    _organisations, compacts = selectors.planning_choices(request.user)
    form = ExerciseFilterForm(request.GET or None, compacts=list(compacts))
    filters = form.cleaned_data if form.is_valid() else {}
    exercises = selectors.commissioner_exercises(
        request.user,
        stage=filters.get("stage") or "",
        compact=filters.get("compact") or "",
        sort=filters.get("sort") or "newest",
    )
    page = Paginator(exercises, 20).get_page(request.GET.get("page"))
    selectors.next_steps(page.object_list)
    return render(
        request,
        "commissioning/exercises.html",
        {"form": form, "page": page, "today": timezone.localdate()},
    )


@login_required
def exercise_create(request):
    organisations, compacts = selectors.planning_choices(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ExerciseForm(request.POST or None, organisations=organisations, compacts=compacts)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.exercise_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The exercise is planned. Only your organisation sees it."))
            return redirect(exercise)
    return render(request, "commissioning/exercise_form.html", {"form": form})


@login_required
def bid_list(request):
    bids = selectors.bids_of(request.user)
    page = Paginator(bids, 20).get_page(request.GET.get("page"))
    for bid in page:
        bid.next_step = selectors.bid_next_step(bid)
    return render(request, "commissioning/bids.html", {"page": page})


def _bid(request, pk) -> Bid:
    bid = selectors.own_bid(request.user, pk)
    if bid is None:
        raise Http404  # another organisation's bid: it does not exist for you
    return bid


@login_required
def bid_detail(request, pk):
    from django_fsm_log.models import StateLog

    from cases.commissioning.forms import BidForm, BidResponseForm, PartnerForm
    from cases.common.forms import DocumentForm

    bid = _bid(request, pk)
    # A consortium's partners see the bid and follow it; only the lead's people change it.
    lead = selectors.leads_bid(request.user, bid)
    open_ = bid.window_is_open() and lead
    form = BidForm(instance=bid, prefix="bid") if open_ else None
    document_form = DocumentForm(prefix="document") if open_ else None
    partner_form = PartnerForm(prefix="partner", bid=bid) if open_ else None
    respond_form = BidResponseForm(prefix="respond", bid=bid)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        user = request.user
        bound = None
        try:
            if action in ("save", "submit"):
                bound = form = BidForm(
                    request.POST, instance=Bid.objects.get(pk=bid.pk), prefix="bid"
                )
                if form.is_valid():
                    if action == "submit":
                        services.bid_submit(bid=bid, by=user, data=form.cleaned_data)
                        messages.success(
                            request, _("Your bid is sent. It stays sealed until bidding closes.")
                        )
                    else:
                        services.bid_save(
                            exercise=bid.exercise,
                            by=user,
                            organisation=bid.organisation,
                            data=form.cleaned_data,
                        )
                        messages.success(request, _("Your draft is saved."))
                    return redirect(bid)
            elif action == "withdraw":
                services.bid_withdraw(bid=bid, by=user)
                messages.success(request, _("Your bid is withdrawn."))
                return redirect(bid)
            elif action == "document":
                bound = document_form = DocumentForm(request.POST, request.FILES, prefix="document")
                if document_form.is_valid():
                    services.bid_add_document(
                        bid=bid, by=user, upload=document_form.cleaned_data["file"]
                    )
                    messages.success(request, _("The document is added to your bid."))
                    return redirect(bid)
            elif action == "partner" and lead:
                bound = partner_form = PartnerForm(request.POST, prefix="partner", bid=bid)
                if partner_form.is_valid():
                    partner = partner_form.cleaned_data["organisation"]
                    services.bid_add_partner(bid=bid, by=user, organisation=partner)
                    messages.success(
                        request,
                        _("%(organisation)s is a partner in this bid.") % {"organisation": partner},
                    )
                    return redirect(bid)
            elif action == "remove_partner" and lead:
                gone = bid.partners.filter(pk=request.POST.get("partner")).first()
                if gone is not None:
                    services.bid_remove_partner(bid=bid, by=user, organisation=gone.organisation)
                    messages.success(
                        request,
                        _("%(organisation)s is no longer a partner.")
                        % {"organisation": gone.organisation},
                    )
                return redirect(bid)
            elif action == "respond":
                bound = respond_form = BidResponseForm(request.POST, prefix="respond", bid=bid)
                if respond_form.is_valid():
                    services.review_respond(
                        review=respond_form.cleaned_data["review"],
                        by=user,
                        response=respond_form.cleaned_data["response"],
                    )
                    messages.success(request, _("Your response is added to the review."))
                    return redirect(bid)
            else:
                raise PermissionDenied
        except ValidationError as error:
            if bound is None:
                messages.error(request, " ".join(error.messages))
                return redirect(bid)
            apply_errors(bound, error)
        status = 400
        if not bid.window_is_open():
            form = document_form = partner_form = None
    bid.refresh_from_db()
    return render(
        request,
        "commissioning/bid.html",
        {
            "bid": bid,
            "exercise": bid.exercise,
            "steps": selectors.tracker_steps(bid.exercise),
            "next_step": selectors.bid_next_step(bid),
            "form": form,
            "document_form": document_form,
            "documents": bid.documents.all(),
            "reviews": bid.reviews.exclude(completed_at=None),
            "respond_form": respond_form,
            "partner_form": partner_form,
            "partners": bid.partners.select_related("organisation"),
            "lead": lead,
            "history": StateLog.objects.for_(bid).select_related("by").order_by("timestamp"),
            "letter": getattr(bid, "letter", None),
            "in_standstill": bid.exercise.stage == "award"
            and timezone.localdate() <= bid.exercise.standstill_ends_on,
        },
        status=status,
    )


def _looked(request, bid, kind, what=""):
    """Who read a bid after the bids were opened, or its letter (the access log)."""
    access_record(
        user=request.user,
        compact_id=bid.exercise.compact_id,
        kind=kind,
        reference=bid.exercise.reference,
        what=" ".join(part for part in (str(bid.organisation), what) if part),
    )


@login_required
def bid_letter(request, pk):
    bid = _bid(request, pk)
    letter = getattr(bid, "letter", None)
    if letter is None:
        raise Http404
    _looked(request, bid, AccessEvent.Kind.BID_LETTER)
    return serve_private_file(
        letter.file, filename=f"{bid.exercise.reference}-result.pdf", content_type="application/pdf"
    )


@login_required
def bid_document(request, pk, document_pk):
    """A bid's document: for the bidder's organisation, and for the commissioner once the
    bids are opened. Anyone else: it does not exist."""
    bid = get_object_or_404(Bid.objects.select_related("exercise"), pk=pk)
    own = selectors.leads_bid(request.user, bid) or selectors.partners_in_bid(request.user, bid)
    opened = not bid.exercise.bids_are_sealed and bid.status in selectors.OPENED_BID_STATUSES
    if not (own or (opened and is_commissioner(request.user, bid.exercise))):
        raise Http404
    document = get_object_or_404(bid.documents, pk=document_pk)
    if not own:  # the commissioner, after the bids were opened
        _looked(request, bid, AccessEvent.Kind.BID_DOCUMENT, document.original_name)
    return serve_private_file(
        document.file, filename=document.original_name, content_type=document.content_type
    )


def exercise_document(request, reference, pk):
    """A document of the tender pack: for whoever may see the exercise (anyone, once it
    is published)."""
    exercise = _exercise(request, reference)
    document = get_object_or_404(exercise.documents, pk=pk)
    return serve_private_file(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@login_required
def exercise_bid(request, reference, pk):
    """A bid as the commissioner reads it, after the bids are opened."""
    exercise = _exercise(request, reference)
    if not is_commissioner(request.user, exercise) or exercise.bids_are_sealed:
        raise Http404
    bid = get_object_or_404(selectors.opened_bids(exercise), pk=pk)
    _looked(request, bid, AccessEvent.Kind.BID)
    return render(
        request,
        "commissioning/bid_for_commissioner.html",
        {
            "bid": bid,
            "exercise": exercise,
            "documents": bid.documents.all(),
            "partners": bid.partners.select_related("organisation"),
        },
    )


@login_required
def alert_list(request):
    """Your alerts: follow opportunities and consultations, and stop any of them."""
    form = AlertForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            alert = request.user.alerts.filter(pk=request.POST.get("alert")).first()
            if alert is not None:
                services.alert_stop(alert=alert)
                messages.success(request, _("The alert is stopped."))
            return redirect("alert-list")
        if form.is_valid():
            try:
                services.alert_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The alert is set. We will e-mail you when a matching consultation or "
                        "opportunity opens, changes or is cancelled."
                    ),
                )
                return redirect("alert-list")
    return render(
        request,
        "commissioning/alerts.html",
        {"form": form, "alerts": request.user.alerts.select_related("compact")},
        status=400 if form.errors else 200,
    )


def alert_stop(request, token):
    """Stop an alert from the link in its e-mail, without signing in: the page asks, the
    button stops it."""
    alert = services.alert_from_token(token)
    if alert is None:
        return render(request, "commissioning/alert_stopped.html", {"gone": True}, status=404)
    if request.method == "POST":
        services.alert_stop(alert=alert)
        return render(request, "commissioning/alert_stopped.html", {"gone": False})
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Stop this alert?"),
            "explanation": [
                _(
                    "You will no longer be e-mailed about %(alert)s. You can set it again at "
                    "any time."
                )
                % {"alert": alert.describe()}
            ],
            "button": _("Yes, stop it"),
            "warning": False,
            "action": request.path,
            "fields": [],
            "cancel": reverse("opportunity-list"),
        },
    )
