"""Commissioning pages: open opportunities, the exercise's page with the commissioner's
and bidders' actions, and the tenderer's bid tracker. Bids are sealed: before the window
closes the commissioner sees none, and a tenderer never sees another organisation's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.commissioning import actions as exercise_actions
from cases.commissioning import selectors, services
from cases.commissioning.forms import ExerciseFilterForm, ExerciseForm, OpportunityFilterForm
from cases.commissioning.models import Bid, Exercise
from cases.commissioning.rules import is_commissioner
from cases.common.files import serve_private_file
from cases.common.forms import apply_errors
from cases.register.models import Membership, Sector


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


def exercise_detail(request, reference, *, actions=None, status=200):
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
            "departures": exercise.departures.select_related("commitment"),
            "questions": exercise.questions.all(),
            "clarifications": exercise.clarifications.exclude(answered_at=None)
            if user.is_authenticated
            else [],
            "events": exercise.events.select_related("actor"),
            "actions": actions
            if actions is not None
            else exercise_actions.available_actions(request.user, exercise),
            "is_commissioner": commissioner,
            "my_bids": my_bids,
            "bids": list(selectors.opened_bids(exercise)) if commissioner else [],
            "sealed_count": selectors.sealed_bid_count(exercise) if commissioner else None,
            "can_dispute": user.is_authenticated
            and Membership.objects.filter(
                user=user,
                organisation__sector=Sector.VCS,
                organisation__signatures__compact=exercise.compact,
            ).exists(),
            "reviews": exercise.reviews.select_related("bid__organisation") if commissioner else [],
            "responses": exercise.responses.select_related("organisation") if commissioner else [],
        },
        status=status,
    )


@login_required
@require_POST
def exercise_action(request, reference):
    exercise = _exercise(request, reference)
    action = request.POST.get("action")
    actions = exercise_actions.available_actions(request.user, exercise)
    if action not in actions:
        if action in exercise_actions.KNOWN_ACTIONS and (
            is_commissioner(request.user, exercise)
            or exercise_actions.my_vcs(request.user).exists()
        ):
            # A second press, or a page left open while the exercise moved on.
            messages.error(request, exercise_actions.why_closed(action, exercise))
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
        done = exercise_actions.do_action(action, exercise, user, data)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect(exercise)
        apply_errors(form, error)
        actions[action] = form
        return exercise_detail(request, reference, actions=actions, status=400)
    if isinstance(done, Bid):
        return redirect(done)
    messages.success(request, done)
    return redirect(exercise)


@login_required
def exercise_list(request):
    """The commissioner's home: every exercise of the organisations they commission for,
    with its stage, next step, due date and the number of bids sent."""
    organisations = selectors.commissioned_by(request.user)
    if not organisations.exists():
        raise PermissionDenied
    _, compacts = selectors.planning_choices(request.user)
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

    from cases.commissioning.forms import BidForm, BidResponseForm
    from cases.common.forms import DocumentForm

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
            apply_errors(bound, error)
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
    if not (own or (opened and is_commissioner(request.user, bid.exercise))):
        raise Http404
    document = get_object_or_404(bid.documents, pk=document_pk)
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
    return render(
        request,
        "commissioning/bid_for_commissioner.html",
        {"bid": bid, "exercise": exercise, "documents": bid.documents.all()},
    )
