"""Pages of the Compact register. Thin: they read through selectors and write through
services, and every view checks permission on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cases.common.forms import apply_errors
from cases.common.throttle import limit_public_form
from cases.register import selectors, services
from cases.register.forms import (
    CommitmentFilterForm,
    CompactRulesForm,
    DeclineForm,
    OrganisationDetailsForm,
    SignatoryFilterForm,
    SignupRequestForm,
)
from cases.register.models import Code, Compact, Organisation, SignupRequest

PAGE_SIZE = 25


def _page(request, items, size=PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def home(request):
    return render(request, "cases/home.html", {"compacts": selectors.compact_list()})


def compact_detail(request, slug):
    compact = get_object_or_404(Compact.objects.select_related("champion"), slug=slug)
    return render(
        request,
        "cases/compact_detail.html",
        {
            "compact": compact,
            "members": selectors.joint_body_members(compact=compact),
            "balance": selectors.joint_body_balance(compact=compact),
            "signatory_count": compact.signatories.count(),
            "commitment_count": compact.commitments.count(),
            "action_plan": compact.action_plan.all(),
            "can_change_rules": request.user.has_perm("cases.change_compact_rules", compact),
            "can_review_signups": request.user.has_perm("cases.review_signup_requests", compact),
            "pending_count": selectors.pending_signup_requests(compact=compact).count(),
        },
    )


def signatory_register(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    form = SignatoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    signatories = selectors.signatory_list(
        compact=compact,
        sector=filters.get("sector", ""),
        query=filters.get("q", ""),
        sort=filters.get("sort") or "name",
    )
    return render(
        request,
        "cases/signatory_register.html",
        {"compact": compact, "form": form, "page": _page(request, signatories)},
    )


def commitment_list(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    form = CommitmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    commitments = selectors.commitment_list(
        compact=compact,
        code=filters.get("code", ""),
        undertaken_by=filters.get("undertaken_by", ""),
        query=filters.get("q", ""),
    )
    grouped = {}
    for commitment in commitments:
        grouped.setdefault(Code(commitment.code).label, []).append(commitment)
    return render(
        request,
        "cases/commitment_list.html",
        {"compact": compact, "form": form, "grouped": grouped, "count": len(commitments)},
    )


def commitment_detail(request, slug, ref):
    compact = get_object_or_404(Compact, slug=slug)
    commitment = get_object_or_404(compact.commitments, ref=ref)
    return render(
        request, "cases/commitment_detail.html", {"compact": compact, "commitment": commitment}
    )


@require_http_methods(["GET", "POST"])
@limit_public_form("signup")
def signup_request_create(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    form = SignupRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submission_key")
        try:
            signup, _ = services.signup_request_submit(
                compact=compact, user=request.user, submission_key=key, data=data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session[f"signup-{signup.reference}"] = True
            return redirect("signup-request-done", reference=signup.reference)
    elif request.method == "GET" and request.user.is_authenticated:
        form.initial.update(
            contact_name=request.user.get_full_name(), contact_email=request.user.email
        )
    return render(request, "cases/signup_form.html", {"compact": compact, "form": form})


def signup_request_done(request, reference):
    signup = get_object_or_404(SignupRequest.objects.select_related("compact"), reference=reference)
    # Only the browser that sent the request (or its signed-in sender) sees the confirmation.
    if not (
        request.session.get(f"signup-{reference}")
        or (request.user.is_authenticated and signup.submitted_by_id == request.user.pk)
    ):
        raise Http404
    return render(request, "cases/signup_done.html", {"signup": signup, "compact": signup.compact})


@login_required
def signup_request_list(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    if not request.user.has_perm("cases.review_signup_requests", compact):
        raise PermissionDenied
    status = request.GET.get("status", SignupRequest.Status.PENDING)
    if status not in SignupRequest.Status.values:
        status = SignupRequest.Status.PENDING
    requests = compact.signup_requests.filter(status=status).order_by("created_at")
    return render(
        request,
        "cases/signup_request_list.html",
        {
            "compact": compact,
            "page": _page(request, requests),
            "status": status,
            "statuses": SignupRequest.Status.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signup_request_detail(request, reference):
    signup = get_object_or_404(SignupRequest.objects.select_related("compact"), reference=reference)
    if not request.user.has_perm("cases.decide_signup_request", signup):
        raise PermissionDenied
    decline_form = DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                services.signup_request_approve(signup_request=signup, by=request.user)
                messages.success(request, f"{signup.organisation_name} is now a signatory.")
                return redirect("signup-request-list", slug=signup.compact.slug)
            if request.POST.get("decision") == "decline" and decline_form.is_valid():
                services.signup_request_decline(
                    signup_request=signup,
                    by=request.user,
                    reason=decline_form.cleaned_data["reason"],
                )
                messages.success(
                    request, f"The request from {signup.organisation_name} was declined."
                )
                return redirect("signup-request-list", slug=signup.compact.slug)
        except ValidationError as error:
            apply_errors(decline_form, error)
    return render(
        request,
        "cases/signup_request_detail.html",
        {
            "signup": signup,
            "compact": signup.compact,
            "decline_form": decline_form,
            "history": signup_history(signup),
        },
    )


def signup_history(signup):
    from django_fsm_log.models import StateLog

    return StateLog.objects.for_(signup).select_related("by").order_by("timestamp")


@login_required
@require_http_methods(["GET", "POST"])
def compact_rules_edit(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    if not request.user.has_perm("cases.change_compact_rules", compact):
        raise PermissionDenied
    form = CompactRulesForm(request.POST or None, instance=Compact.objects.get(pk=compact.pk))
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in Compact.RULE_FIELDS}
        try:
            services.compact_rules_update(compact=compact, by=request.user, changes=changes)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The compact's rules were saved.")
            return redirect(compact)
    history = compact.audit_events.filter(action="changed the rules of").select_related("actor")[
        :20
    ]
    return render(
        request,
        "cases/compact_rules_form.html",
        {"compact": compact, "form": form, "history": history},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "cases/organisation_detail.html",
        {
            "organisation": organisation,
            "signatures": organisation.signatures.select_related("compact"),
            "can_edit": request.user.has_perm("cases.change_organisation_details", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("cases.change_organisation_details", organisation):
        raise PermissionDenied
    form = OrganisationDetailsForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation, by=request.user, data=form.cleaned_data
        )
        messages.success(request, "The organisation's details were saved.")
        return redirect(organisation)
    return render(
        request, "cases/organisation_form.html", {"organisation": organisation, "form": form}
    )


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "cases/account.html",
        {
            "memberships": user.memberships.select_related("organisation"),
            "champion_of": Compact.objects.filter(champion=user),
            "seats": user.joint_body_seats.select_related("compact", "organisation"),
            "mediator_for": user.mediator_for.select_related("compact"),
        },
    )
