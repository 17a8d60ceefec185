"""Pages of the Compact register. Thin: they read through selectors and write through
services, and every view checks permission on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.common.forms import apply_errors, carried_over
from cases.common.throttle import limit_public_form
from cases.register import panels, selectors, services
from cases.register.forms import (
    CommitmentFilterForm,
    CommitmentForm,
    CompactRulesForm,
    DeclineForm,
    OrganisationDetailsForm,
    SignatoryFilterForm,
    SignatoryLeaveForm,
    SignatoryRenewForm,
    SignupRequestForm,
)
from cases.register.models import Code, Compact, Organisation, Signatory, SignupRequest

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
            "signatory_count": Signatory.current.filter(compact=compact).count(),
            "commitment_count": compact.commitments.filter(in_force=True).count(),
            "version": compact.versions.order_by("-number").first(),
            # The year's records, read through their reverse relations.
            "action_plan": compact.action_plan.exclude(status__in=["done", "dropped"])
            .select_related("lead_person", "lead_organisation")
            .order_by("target_date", "id")[:5],
            "impact_assessments": compact.impact_assessments.select_related("organisation")[:3],
            "can_change_rules": request.user.has_perm("cases.change_compact_rules", compact),
            "can_review_signups": request.user.has_perm("cases.review_signup_requests", compact),
            "pending_count": selectors.pending_signup_requests(compact=compact).count(),
            "panels": panels.for_compact(compact),
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
        status=filters.get("status", ""),
    )
    return render(
        request,
        "cases/signatory_register.html",
        {
            "compact": compact,
            "form": form,
            "page": _page(request, signatories),
            "status": filters.get("status", ""),
        },
    )


def _signatory(slug, organisation):
    return get_object_or_404(
        Signatory.objects.select_related("compact", "organisation"),
        compact__slug=slug,
        organisation__slug=organisation,
    )


def signatory_detail(request, slug, organisation):
    signatory = _signatory(slug, organisation)
    return render(
        request,
        "cases/signatory_detail.html",
        {
            "compact": signatory.compact,
            "signatory": signatory,
            "changes": signatory.changes.select_related("by"),
            "can_change": request.user.has_perm("cases.change_signature", signatory),
        },
    )


def _signature_change(
    request, slug, organisation, *, form_class, record, done, title, button, ask_first=None
):
    """A page that records a change to a signature (a renewal, leaving): the form, an
    "Are you sure?" first where `ask_first(signatory, data)` gives its words, then the
    service `record(signatory, data)`."""
    signatory = _signatory(slug, organisation)
    if not request.user.has_perm("cases.change_signature", signatory):
        raise PermissionDenied
    form = form_class(request.POST or None)
    confirmed = request.POST.get("confirmed")
    if request.method == "POST" and form.is_valid() and confirmed != "back":
        if ask_first is not None and confirmed != "yes":
            return render(
                request,
                "includes/confirm.html",
                {
                    **ask_first(signatory, form.cleaned_data),
                    "caption": signatory.compact.name,
                    "action": request.path,
                    "fields": carried_over(request.POST),
                    "back_button": True,
                    "cancel": request.path,
                },
            )
        try:
            record(signatory, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done % {"organisation": signatory.organisation})
            return redirect("signatory-detail", slug=slug, organisation=organisation)
    return render(
        request,
        "cases/signatory_form.html",
        {
            "compact": signatory.compact,
            "signatory": signatory,
            "form": form,
            "title": title % {"organisation": signatory.organisation},
            "button": button,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signatory_renew(request, slug, organisation):
    return _signature_change(
        request,
        slug,
        organisation,
        form_class=SignatoryRenewForm,
        record=lambda signatory, data: services.signatory_renew(
            signatory=signatory, by=request.user, on=data["on"], note=data["note"]
        ),
        done=_("%(organisation)s's renewal was recorded."),
        title=_("Record %(organisation)s's renewal"),
        button=_("Record the renewal"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def signatory_leave(request, slug, organisation):
    return _signature_change(
        request,
        slug,
        organisation,
        form_class=SignatoryLeaveForm,
        record=lambda signatory, data: services.signatory_leave(
            signatory=signatory, by=request.user, on=data["on"], reason=data["reason"]
        ),
        done=_("%(organisation)s is now a former signatory."),
        title=_("Record that %(organisation)s is leaving"),
        button=_("Continue"),
        ask_first=lambda signatory, data: {
            "title": _("Record that %(organisation)s has left %(compact)s?")
            % {"organisation": signatory.organisation, "compact": signatory.compact},
            "answers": [
                (_("Date it left"), dateformat.format(data["on"], "j F Y")),
                (_("Why"), data["reason"]),
            ],
            "explanation": [
                _(
                    "It will be listed as a former signatory. Its people can no longer raise "
                    "disputes or bid under this compact. To come back, it signs up again."
                )
            ],
            "button": _("Yes, record that it left"),
        },
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
        grouped.setdefault(str(Code(commitment.code).label), []).append(commitment)
    return render(
        request,
        "cases/commitment_list.html",
        {
            "compact": compact,
            "form": form,
            "grouped": grouped,
            "count": len(commitments),
            "can_change": request.user.has_perm("cases.change_compact_rules", compact),
        },
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
            signup, _new = services.signup_request_submit(
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
                messages.success(
                    request,
                    _("%(organisation)s is now a signatory.")
                    % {"organisation": signup.organisation_name},
                )
                return redirect("signup-request-list", slug=signup.compact.slug)
            if request.POST.get("decision") == "decline" and decline_form.is_valid():
                services.signup_request_decline(
                    signup_request=signup,
                    by=request.user,
                    reason=decline_form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("The request from %(organisation)s was declined.")
                    % {"organisation": signup.organisation_name},
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
            version = services.compact_amend(
                compact=compact,
                by=request.user,
                reason=form.cleaned_data["reason"],
                rules=changes,
                terms=form.cleaned_data["joint_body_terms"],
                terms_cy=form.cleaned_data.get("joint_body_terms_cy"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if version:
                messages.success(
                    request,
                    _("Saved as version %(number)s of the Compact.") % {"number": version.number},
                )
            else:
                messages.success(request, _("Nothing had changed, so no new version was made."))
            return redirect(compact)
    return render(request, "cases/compact_rules_form.html", {"compact": compact, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, slug, ref=None):
    """Add a commitment (no `ref`) or change one: each save is a new version."""
    compact = get_object_or_404(Compact, slug=slug)
    if not request.user.has_perm("cases.change_compact_rules", compact):
        raise PermissionDenied
    commitment = get_object_or_404(compact.commitments, ref=ref) if ref else None
    form = CommitmentForm(
        request.POST or None, instance=commitment, compact=compact, adding=commitment is None
    )
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "reason"}
        if commitment is None and compact.commitments.filter(ref=data["ref"]).exists():
            form.add_error(
                "ref",
                _("%(compact)s already has a commitment %(ref)s")
                % {"compact": compact, "ref": data["ref"]},
            )
        else:
            data.setdefault("ref", ref)
            data["in_force"] = True if commitment is None else data["in_force"]
            try:
                version = services.compact_amend(
                    compact=compact,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    commitments=[data],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Saved as version %(number)s of the Compact.") % {"number": version.number}
                    if version
                    else _("Nothing had changed, so no new version was made."),
                )
                return redirect("commitment-list", slug=slug)
    return render(
        request,
        "cases/commitment_form.html",
        {"compact": compact, "commitment": commitment, "form": form},
    )


def compact_versions(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    versions = compact.versions.select_related("made_by").order_by("-number")
    page = _page(request, versions, size=20)
    numbers = list(compact.versions.order_by("-number").values_list("number", flat=True))
    return render(
        request,
        "cases/compact_versions.html",
        {
            "compact": compact,
            "page": page,
            "numbers": numbers,
            "can_change": request.user.has_perm("cases.change_compact_rules", compact),
        },
    )


def compact_version(request, slug, number):
    compact = get_object_or_404(Compact, slug=slug)
    version = get_object_or_404(compact.versions.select_related("made_by"), number=number)
    as_at = selectors.compact_as_at(version)
    grouped = {}
    for commitment in as_at.commitments:
        grouped.setdefault(str(Code(commitment.code).label), []).append(commitment)
    latest = compact.versions.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "cases/compact_version.html",
        {
            "compact": compact,
            "version": version,
            "as_at": as_at,
            "grouped": grouped,
            "latest": latest,
        },
    )


def compact_compare(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    numbers = list(compact.versions.order_by("-number").values_list("number", flat=True))
    if not numbers:
        raise Http404
    try:
        newer = int(request.GET.get("to") or numbers[0])
        older = int(request.GET.get("from") or (newer - 1))
    except ValueError:
        older, newer = numbers[min(1, len(numbers) - 1)], numbers[0]
    older, newer = sorted((older, newer))
    versions = {v.number: v for v in compact.versions.filter(number__in=[older, newer])}
    if older not in versions or newer not in versions:
        raise Http404
    return render(
        request,
        "cases/compact_compare.html",
        {
            "compact": compact,
            "difference": selectors.version_difference(versions[older], versions[newer]),
            "numbers": numbers,
        },
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
        messages.success(request, _("The organisation's details were saved."))
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
