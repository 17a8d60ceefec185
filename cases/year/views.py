"""Pages of the Compact's year: the action plan and its progress, and Compact impact
assessments. Thin: they read through selectors and write through services, and every
view checks permission on the server."""

from __future__ import annotations

import csv

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cases.common.formats import in_english
from cases.common.forms import apply_errors
from cases.common.pdf import render_pdf
from cases.register.models import Compact
from cases.year import charts, report, selectors, services
from cases.year.forms import (
    ActionForm,
    ActionReportForm,
    ImpactAssessmentForm,
    ImpactReviewForm,
    ProposeAmendmentForm,
    StartReviewForm,
)
from cases.year.models import (
    ActionPlanItem,
    ActionStatus,
    AnnualReview,
    ImpactAssessment,
    ReviewStage,
    Term,
)

PAGE_SIZE = 25

STATUS_FILTERS = [
    ("", gettext_lazy("All actions")),
    ("open", gettext_lazy("Open")),
    ("late", gettext_lazy("Past their target date")),
    *ActionStatus.choices,
]
SORTS = [
    ("target", gettext_lazy("Target date, soonest first")),
    ("-target", gettext_lazy("Target date, latest first")),
]


def action_plan(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    status = request.GET.get("status", "")
    status = status if status in dict(STATUS_FILTERS) else ""
    term = request.GET.get("term", "")
    term = term if term in Term.values else ""
    sort = request.GET.get("sort", "target")
    sort = sort if sort in dict(SORTS) else "target"
    actions = selectors.action_plan(compact=compact, status=status, term=term, sort=sort)
    return render(
        request,
        "year/action_plan.html",
        {
            "compact": compact,
            "page": Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page")),
            "counts": selectors.action_counts(compact),
            "status": status,
            "term": term,
            "sort": sort,
            "statuses": STATUS_FILTERS,
            "terms": [("", _("Any term")), *Term.choices],
            "sorts": SORTS,
            "can_change": request.user.has_perm("cases.change_action_plan", compact),
        },
    )


def _action(reference):
    return get_object_or_404(
        ActionPlanItem.objects.select_related(
            "compact", "lead_person", "lead_organisation", "commitment"
        ),
        reference=reference,
    )


@require_http_methods(["GET", "POST"])
def action_detail(request, reference):
    action = _action(reference)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    can_report = request.user.has_perm("cases.report_on_action", action) and action.is_open
    form = ActionReportForm(request.POST or None)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.action_report(
                    action=action,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your update was added to the action plan."))
                return redirect(action)
    return render(
        request,
        "year/action_detail.html",
        {
            "compact": action.compact,
            "action": action,
            "updates": action.updates.select_related("by"),
            "form": form if can_report else None,
            "can_change": request.user.has_perm("cases.change_action_plan", action.compact),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, slug=None, reference=None):
    """Add an action to a compact's plan (`slug`), or change one (`reference`)."""
    action = _action(reference) if reference else None
    compact = action.compact if action else get_object_or_404(Compact, slug=slug)
    if not request.user.has_perm("cases.change_action_plan", compact):
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=action, compact=compact)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.ACTION_FIELDS}
        if action is not None and data["target_date"] is None:
            data.pop("target_date")  # kept as it was
        if data["agreed_on"] is None:
            data.pop("agreed_on")
        try:
            saved = services.action_save(
                compact=compact,
                by=request.user,
                data=data,
                action=ActionPlanItem.objects.get(pk=action.pk) if action else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Action %(reference)s was saved.") % {"reference": saved.reference}
            )
            return redirect(saved)
    return render(
        request,
        "year/action_form.html",
        {"compact": compact, "action": action, "form": form},
    )


def impact_list(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    query = request.GET.get("q", "").strip()[:100]
    assessments = selectors.impact_assessments(compact=compact, query=query)
    return render(
        request,
        "year/impact_list.html",
        {
            "compact": compact,
            "page": Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query,
            "can_record": request.user.has_perm("cases.record_impact_assessment", compact),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_new(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    if not request.user.has_perm("cases.record_impact_assessment", compact):
        raise PermissionDenied
    organisations = selectors.statutory_organisations_of(request.user, compact)
    form = ImpactAssessmentForm(request.POST or None, compact=compact, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            assessment, _created = services.impact_record(
                compact=compact,
                by=request.user,
                organisation=data.pop("organisation"),
                commitments=data.pop("commitments"),
                submission_key=data.pop("submission_key"),
                data=data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Impact assessment %(reference)s was recorded. The Champion will review it.")
                % {"reference": assessment.reference},
            )
            return redirect(assessment)
    return render(request, "year/impact_form.html", {"compact": compact, "form": form})


@require_http_methods(["GET", "POST"])
def impact_detail(request, reference):
    assessment = get_object_or_404(
        ImpactAssessment.objects.select_related("compact", "organisation", "reviewed_by"),
        reference=reference,
    )
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    can_review = (
        request.user.has_perm("cases.review_impact_assessment", assessment)
        and not assessment.reviewed_at
    )
    form = ImpactReviewForm(request.POST or None)
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.impact_review(
                    assessment=assessment, by=request.user, notes=form.cleaned_data["notes"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your review was recorded."))
                return redirect(assessment)
    return render(
        request,
        "year/impact_detail.html",
        {
            "compact": assessment.compact,
            "assessment": assessment,
            "commitments": assessment.commitments.order_by("position", "ref"),
            "form": form if can_review else None,
        },
    )


# The annual report.


def _report_year(compact: Compact, year: int) -> int:
    if year not in report.years_of(compact):
        raise Http404
    return year


def annual_report_now(request, slug):
    get_object_or_404(Compact, slug=slug)
    return redirect("annual-report", slug=slug, year=report.year_of(timezone.localdate()))


def annual_report(request, slug, year):
    compact = get_object_or_404(Compact, slug=slug)
    year = _report_year(compact, year)
    found = report.report_for(compact, year)
    years = report.years_of(compact)
    last = report.report_for(compact, year - 1) if year - 1 in years else None
    return render(
        request,
        "year/report.html",
        {
            "compact": compact,
            "report": found,
            "last": last,
            "charts": charts.charts(found),
            "years": years,
            "median_from": report.MEDIAN_FROM,
        },
    )


@csp_exempt()  # an image: its own styles, no script (`charts.render` takes pygal's out)
def annual_report_chart(request, slug, year, name):
    compact = get_object_or_404(Compact, slug=slug)
    found = charts.charts(report.report_for(compact, _report_year(compact, year)))
    if name not in found:
        raise Http404
    response = HttpResponse(charts.render(found[name]), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def annual_report_pdf(request, slug, year):
    compact = get_object_or_404(Compact, slug=slug)
    found = report.report_for(compact, _report_year(compact, year))
    drawn = {name: mark_safe(charts.render(chart)) for name, chart in charts.charts(found).items()}  # noqa: S308 - pygal's SVG of our own figures, labels escaped by pygal
    pdf = render_pdf(
        "year/report_pdf.html",
        {
            "compact": compact,
            "report": found,
            "charts": charts.charts(found),
            "drawn": drawn,
            "site_url": settings.SITE_URL,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{compact.slug}-annual-report-{found.year}.pdf"'
    )
    return response


def annual_report_data(request, slug, year, form):
    """The report's figures as CSV or JSON rows, or the data package describing them."""
    if form not in ("figures.csv", "figures.json", "datapackage.json"):
        raise Http404
    compact = get_object_or_404(Compact, slug=slug)
    found, rows = report.open_data(compact, _report_year(compact, year))
    if form == "datapackage.json":
        with in_english():  # open data: the same addresses whatever the page's language
            base = request.build_absolute_uri(found.url())
        return JsonResponse(report.datapackage(found, base=base), json_dumps_params={"indent": 2})
    if form == "figures.json":
        return JsonResponse(rows, safe=False, json_dumps_params={"indent": 2})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{compact.slug}-annual-report-{found.year}.csv"'
    )
    writer = csv.DictWriter(response, fieldnames=[f["name"] for f in report.FIELDS])
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                **row,
                "value": "" if row["value"] is None else row["value"],
                "suppressed": "true" if row["suppressed"] else "false",
            }
        )
    return response


# The annual review.


@require_http_methods(["GET", "POST"])
def annual_reviews(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = None
    if request.user.has_perm("cases.run_annual_review", compact):
        held = set(compact.annual_reviews.values_list("year", flat=True))
        years = [y for y in report.years_of(compact) if y not in held]
        form = StartReviewForm(request.POST or None, years=years) if years else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.review_start(
                    compact=compact, by=request.user, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The annual review of %(year)s has begun: its steps are in the "
                        "%(joint_body)s's queue."
                    )
                    % {"year": review.words, "joint_body": compact.joint_body_name},
                )
                return redirect(review)
    return render(
        request,
        "year/reviews.html",
        {"compact": compact, "reviews": compact.annual_reviews.all(), "form": form},
    )


def _review(slug, year):
    return get_object_or_404(
        AnnualReview.objects.select_related("compact", "version", "published_by"),
        compact__slug=slug,
        year=year,
    )


def annual_review(request, slug, year):
    review = _review(slug, year)
    insider = request.user.has_perm("cases.change_action_plan", review.compact)
    sectors = [seat.organisation.sector for seat in review.attended.select_related("organisation")]
    return render(
        request,
        "year/review.html",
        {
            "compact": review.compact,
            "review": review,
            "amendments": review.amendments.all(),
            "attendance": {"statutory": sectors.count("statutory"), "vcs": sectors.count("vcs")},
            "insider": insider,
            "show_minutes": review.meeting_on and (insider or review.published_at),
            "can_propose": insider and review.stage in (ReviewStage.MEETING, ReviewStage.CHANGES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_review_propose(request, slug, year):
    review = _review(slug, year)
    if not request.user.has_perm("cases.change_action_plan", review.compact):
        raise PermissionDenied
    form = ProposeAmendmentForm(request.POST or None, compact=review.compact)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_propose(review=review, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your proposal was added to the review."))
            return redirect(review)
    return render(
        request, "year/propose.html", {"compact": review.compact, "review": review, "form": form}
    )
