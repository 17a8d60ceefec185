"""Commissioning pages: open opportunities, the exercise's page with the commissioner's
and bidders' actions, and the tenderer's bid tracker. Bids are sealed: before the window
closes the commissioner sees none, and a tenderer never sees another organisation's."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases import selectors
from cases.forms_commissioning import ACTION_FORMS, ExerciseForm, OpportunityFilterForm
from cases.models import (
    Bid,
    Exercise,
    ExerciseStage,
    Membership,
    Organisation,
    Sector,
)
from cases.services import commissioning as services
from cases.views.files import serve_private_file
from workflows import commissioning as steps

KNOWN_ACTIONS = {"open_bids", "close"} | set(ACTION_FORMS)


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


def _exercise(request, reference) -> Exercise:
    exercise = selectors.visible_exercise(request.user, reference)
    if exercise is None:
        raise Http404
    return exercise


def _my_vcs(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return services.vcs_organisations(user)


def available_actions(request, exercise):
    """The forms this user may use on the exercise page, by name."""
    user = request.user
    actions = {}
    if not user.is_authenticated:
        return actions
    if services.is_commissioner(user, exercise):
        stage = exercise.stage
        if stage == ExerciseStage.PLANNED:
            actions["consult"] = ACTION_FORMS["consult"](prefix="consult")
        if stage == ExerciseStage.CONSULTATION and not exercise.has_summary():
            actions["summary"] = ACTION_FORMS["summary"](prefix="summary")
        if stage in (ExerciseStage.PLANNED, ExerciseStage.CONSULTATION):
            actions["tender"] = ACTION_FORMS["tender"](prefix="tender")
        if stage == ExerciseStage.TENDER:
            actions["open_bids"] = True
            if exercise.clarifications.filter(answered_at__isnull=True).exists():
                actions["answer"] = ACTION_FORMS["answer"](prefix="answer", exercise=exercise)
        if stage == ExerciseStage.EVALUATION:
            actions["award"] = ACTION_FORMS["award"](prefix="award", exercise=exercise)
        if stage == ExerciseStage.AWARD:
            actions["start"] = ACTION_FORMS["start"](prefix="start")
        if stage == ExerciseStage.REVIEW:
            actions["notice"] = ACTION_FORMS["notice"](prefix="notice")
            actions["review"] = ACTION_FORMS["review"](prefix="review", exercise=exercise)
        if stage == ExerciseStage.DECOMMISSION:
            actions["close"] = True
        if stage in ExerciseStage.cancellable():
            actions["cancel"] = ACTION_FORMS["cancel"](prefix="cancel")
    if (
        exercise.compact.champion_id == user.pk
        and exercise.departures.filter(reviewed_at__isnull=True).exists()
    ):
        actions["departure"] = ACTION_FORMS["departure"](prefix="departure", exercise=exercise)
    mine = _my_vcs(user)
    if mine.exists():
        if exercise.stage == ExerciseStage.CONSULTATION:
            actions["respond"] = ACTION_FORMS["respond"](
                prefix="respond", exercise=exercise, organisations=mine
            )
        if exercise.stage == ExerciseStage.TENDER and services.tender_is_open(exercise):
            actions["ask"] = ACTION_FORMS["ask"](prefix="ask", organisations=mine)
            actions["bid"] = ACTION_FORMS["bid"](prefix="bid", organisations=mine)
    return actions


def exercise_detail(request, reference, *, actions=None, status=200):
    exercise = _exercise(request, reference)
    user = request.user
    is_commissioner = services.is_commissioner(user, exercise)
    my_bids = (
        list(selectors.bids_of(user).filter(exercise=exercise)) if user.is_authenticated else []
    )
    return render(
        request,
        "commissioning/exercise.html",
        {
            "exercise": exercise,
            "steps": selectors.tracker_steps(exercise),
            "departures": exercise.departures.select_related("commitment"),
            "questions": exercise.questions.all(),
            "clarifications": exercise.clarifications.exclude(answered_at=None)
            if user.is_authenticated
            else [],
            "events": exercise.events.select_related("actor"),
            "actions": actions if actions is not None else available_actions(request, exercise),
            "is_commissioner": is_commissioner,
            "my_bids": my_bids,
            "bids": list(selectors.opened_bids(exercise)) if is_commissioner else [],
            "sealed_count": selectors.sealed_bid_count(exercise) if is_commissioner else None,
            "can_dispute": user.is_authenticated
            and Membership.objects.filter(
                user=user,
                organisation__sector=Sector.VCS,
                organisation__signatures__compact=exercise.compact,
            ).exists(),
            "reviews": exercise.reviews.select_related("bid__organisation")
            if is_commissioner
            else [],
            "responses": exercise.responses.select_related("organisation")
            if is_commissioner
            else [],
        },
        status=status,
    )


def _local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@login_required
@require_POST
def exercise_action(request, reference):
    exercise = _exercise(request, reference)
    action = request.POST.get("action")
    actions = available_actions(request, exercise)
    if action not in actions:
        if action in KNOWN_ACTIONS and (
            services.is_commissioner(request.user, exercise) or _my_vcs(request.user).exists()
        ):
            # A second press, or a page left open while the exercise moved on.
            messages.error(request, "That step is not open now. Nothing was changed.")
            return redirect(exercise)
        raise PermissionDenied
    user = request.user
    blank = actions[action]
    form = None
    if blank is not True:
        form = type(blank)(request.POST, request.FILES, prefix=action, **blank.extra_kwargs)
        if not form.is_valid():
            actions[action] = form
            return exercise_detail(request, reference, actions=actions, status=400)
    data = form.cleaned_data if form else {}
    try:
        done = do_action(action, exercise, user, data)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect(exercise)
        for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
        actions[action] = form
        return exercise_detail(request, reference, actions=actions, status=400)
    if isinstance(done, Bid):
        return redirect(done)
    messages.success(request, done)
    return redirect(exercise)


def do_action(action, exercise, user, data):  # noqa: C901 - one branch a form
    if action == "consult":
        steps.exercise_open_consultation(
            exercise=exercise,
            by=user,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            questions=data["questions"].splitlines(),
            consultation_justification=data["justification"],
        )
        return "The consultation is open."
    if action == "summary":
        steps.exercise_publish_summary(exercise=exercise, by=user, summary=data["summary"])
        return "The summary is published."
    if action == "tender":
        steps.exercise_publish_tender(
            exercise=exercise,
            by=user,
            opens_on=data["opens_on"],
            bids_close_at=_local_datetime(data["closes_on"], data["closes_at"]),
            bid_window_justification=data["bid_window_justification"],
            term_justification=data["term_justification"],
        )
        return "The opportunity is published."
    if action == "answer":
        services.clarification_answer(
            clarification=data["clarification"], by=user, answer=data["answer"]
        )
        return "The answer is published to every bidder."
    if action == "open_bids":
        steps.exercise_open_bids(exercise=exercise, by=user)
        return "The bids are open for evaluation."
    if action == "award":
        for bid, score, notes, feedback in data["scores"]:
            services.bid_evaluate(bid=bid, by=user, score=score, notes=notes, feedback=feedback)
        steps.exercise_finish_evaluation(exercise=exercise, by=user)
        steps.exercise_award(exercise=exercise, by=user, winners=data["winners"])
        return "The award is made. Every bidder will receive a letter with feedback."
    if action == "start":
        steps.exercise_start_service(
            exercise=exercise, by=user, starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
        return "The service has started and its reviews are scheduled."
    if action == "review":
        services.review_complete(
            review=data["review"], by=user, rating=data["rating"], notes=data["notes"]
        )
        return "The review is recorded. The provider can read and answer it."
    if action == "notice":
        services.exercise_give_notice(
            exercise=exercise,
            by=user,
            ends_on=data["ends_on"],
            reasons=data["reasons"],
            impact=data["impact"],
            notice_justification=data["justification"],
        )
        return "Notice is given and the provider has been told."
    if action == "close":
        services.exercise_close(exercise=exercise, by=user)
        return "The exercise is closed."
    if action == "cancel":
        steps.exercise_cancel(exercise=exercise, by=user, reasons=data["reasons"])
        return "The exercise is cancelled."
    if action == "respond":
        services.consultation_respond(
            exercise=exercise,
            by=user,
            organisation=data["organisation"],
            answers=data["answers"],
        )
        return "Thank you: your response is recorded. You can change it until the close."
    if action == "ask":
        services.clarification_ask(
            exercise=exercise, by=user, organisation=data["organisation"], question=data["question"]
        )
        return "Your question is sent. The answer will be shown to every bidder."
    if action == "departure":
        steps.departure_review(departure=data["departure"], by=user, notes=data["notes"])
        return "Your review of the departure is recorded."
    if action == "bid":
        return services.bid_save(
            exercise=exercise, by=user, organisation=data["organisation"], data={}
        )
    raise PermissionDenied


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
            for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "The exercise is planned. Only your organisation sees it.")
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

    from cases.forms_commissioning import BidForm, BidResponseForm, DocumentForm

    bid = _bid(request, pk)
    open_ = bid.window_is_open()
    form = BidForm(instance=bid, prefix="bid") if open_ else None
    document_form = DocumentForm(prefix="document") if open_ else None
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
                            request, "Your bid is sent. It stays sealed until bidding closes."
                        )
                    else:
                        services.bid_save(
                            exercise=bid.exercise,
                            by=user,
                            organisation=bid.organisation,
                            data=form.cleaned_data,
                        )
                        messages.success(request, "Your draft is saved.")
                    return redirect(bid)
            elif action == "withdraw":
                services.bid_withdraw(bid=bid, by=user)
                messages.success(request, "Your bid is withdrawn.")
                return redirect(bid)
            elif action == "document":
                bound = document_form = DocumentForm(request.POST, request.FILES, prefix="document")
                if document_form.is_valid():
                    services.bid_add_document(
                        bid=bid, by=user, upload=document_form.cleaned_data["file"]
                    )
                    messages.success(request, "The document is added to your bid.")
                    return redirect(bid)
            elif action == "respond":
                bound = respond_form = BidResponseForm(request.POST, prefix="respond", bid=bid)
                if respond_form.is_valid():
                    services.review_respond(
                        review=respond_form.cleaned_data["review"],
                        by=user,
                        response=respond_form.cleaned_data["response"],
                    )
                    messages.success(request, "Your response is added to the review.")
                    return redirect(bid)
            else:
                raise PermissionDenied
        except ValidationError as error:
            if bound is None:
                messages.error(request, " ".join(error.messages))
                return redirect(bid)
            for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                bound.add_error(field if field in bound.fields else None, errors)
        status = 400
        if not bid.window_is_open():
            form = document_form = None
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
            "history": StateLog.objects.for_(bid).select_related("by").order_by("timestamp"),
            "letter": getattr(bid, "letter", None),
        },
        status=status,
    )


@login_required
def bid_letter(request, pk):
    bid = _bid(request, pk)
    letter = getattr(bid, "letter", None)
    if letter is None:
        raise Http404
    return serve_private_file(
        letter.file, filename=f"{bid.exercise.reference}-result.pdf", content_type="application/pdf"
    )


@login_required
def bid_document(request, pk, document_pk):
    """A bid's document: for the bidder's organisation, and for the commissioner once the
    bids are opened. Anyone else: it does not exist."""
    bid = get_object_or_404(Bid.objects.select_related("exercise"), pk=pk)
    own = Membership.objects.filter(user=request.user, organisation=bid.organisation).exists()
    opened = not bid.exercise.bids_are_sealed and bid.status in selectors.OPENED_BID_STATUSES
    if not (own or (opened and services.is_commissioner(request.user, bid.exercise))):
        raise Http404
    document = get_object_or_404(bid.documents, pk=document_pk)
    return serve_private_file(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@login_required
def exercise_bid(request, reference, pk):
    """A bid as the commissioner reads it, after the bids are opened."""
    exercise = _exercise(request, reference)
    if not services.is_commissioner(request.user, exercise) or exercise.bids_are_sealed:
        raise Http404
    bid = get_object_or_404(selectors.opened_bids(exercise), pk=pk)
    return render(
        request,
        "commissioning/bid_for_commissioner.html",
        {"bid": bid, "exercise": exercise, "documents": bid.documents.all()},
    )
