"""The privacy notice, and the data protection officer's pages: who looked at confidential
records (and, for the Champion too, at one dispute)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.common.forms import apply_errors
from cases.disputes.models import DRAFT_DAYS, Dispute
from cases.privacy import erasure, selectors, services
from cases.privacy.forms import (
    AccessLogFilterForm,
    EraseForm,
    FindPersonForm,
    HoldForm,
    LiftForm,
    RetentionRuleForm,
)
from cases.privacy.models import (
    COUNTED_FROM,
    PER_COMPACT,
    Disposal,
    LegalHold,
    RecordKind,
    RetentionRun,
)
from cases.privacy.retention import all_rules, months_for, schedule_for
from cases.privacy.subject_access import archive, counts, gather
from cases.register.models import DataProtectionOfficer
from cases.register.services import audit_record

PAGE_SIZE = 50


@require_GET
def privacy_notice(request):
    """What the service holds about people, why, for how long and how to ask for it."""
    officers = (
        DataProtectionOfficer.objects.select_related("user", "compact")
        .filter(user__is_active=True)
        .order_by("compact__name", "user__last_name")
    )
    return render(
        request,
        "privacy/notice.html",
        {
            "schedule": [
                (label, months, COUNTED_FROM[kind])
                for kind, label, months in schedule_for(None)
                if kind in COUNTED_FROM
            ],
            "officers": officers,
            "contact": settings.DATA_PROTECTION_EMAIL,
            "draft_days": DRAFT_DAYS,
        },
    )


def _officer_compacts(request):
    compacts = selectors.officer_compacts(request.user)
    if compacts is None:
        raise PermissionDenied
    return compacts


@login_required
@require_GET
def officer_home(request):
    compacts = _officer_compacts(request)
    return render(
        request,
        "privacy/officer_home.html",
        {
            "compacts": compacts,
            "service_wide": selectors.is_service_officer(request.user),
        },
    )


@login_required
@require_GET
def access_log(request):
    """Who looked at confidential records in the officer's compacts: filter by case,
    person and kind, paged."""
    compacts = _officer_compacts(request)
    form = AccessLogFilterForm(request.GET or None, compacts=compacts)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen = compacts
    if filters.get("compact"):
        chosen = compacts.filter(slug=filters["compact"])
    events = selectors.access_log(
        compacts=chosen,
        reference=filters.get("reference", ""),
        person=filters.get("person", ""),
        kind=filters.get("kind", ""),
        sort=filters.get("sort") or "newest",
    )
    return render(
        request,
        "privacy/access_log.html",
        {"form": form, "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))},
    )


@login_required
@require_GET
def dispute_who_looked(request, reference):
    """Who has read one dispute, its papers and its letter: for the compact's Champion and
    its data protection officers (who may not read the dispute itself)."""
    dispute = get_object_or_404(Dispute.objects.select_related("compact"), reference=reference)
    # The Champion triages every dispute of the compact, their own council's too, and
    # answers for it: they see who read it as they see the dispute.
    if not request.user.has_perm("cases.see_who_looked", dispute.compact):
        raise Http404  # as for any dispute one may not see
    events = selectors.access_log(compacts=[dispute.compact], reference=dispute.reference)
    return render(
        request,
        "privacy/who_looked.html",
        {
            "dispute": dispute,
            "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "kinds": RecordKind,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_schedule(request):
    """How long each kind of record is kept, for the service and each of the officer's
    compacts, and the form to change it."""
    compacts = _officer_compacts(request)
    service_wide = selectors.is_service_officer(request.user)
    form = RetentionRuleForm(request.POST or None, compacts=compacts, service_wide=service_wide)
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data["compact"]
        compact = compacts.filter(slug=slug).first() if slug else None
        try:
            services.rule_set(
                by=request.user,
                compact=compact,
                kind=form.cleaned_data["kind"],
                months=form.cleaned_data["months"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The retention schedule is changed."))
            return redirect("retention-schedule")
    rows = [
        {
            "kind": kind,
            "label": label,
            "service": months,
            "per_compact": kind in PER_COMPACT,
            "compacts": [(compact, months_for(compact, kind, rules)) for compact in compacts]
            if kind in PER_COMPACT
            else [],
        }
        for rules in [all_rules()]
        for kind, label, months in schedule_for(None)
    ]
    return render(
        request,
        "privacy/retention.html",
        {"form": form, "rows": rows, "compacts": compacts, "service_wide": service_wide},
    )


@login_required
@require_GET
def disposals(request):
    """What the schedule will dispose of in the next month (held cases marked), and what it
    has disposed of."""
    compacts = _officer_compacts(request)
    done = Disposal.objects.filter(compact__in=compacts).select_related("compact")
    return render(
        request,
        "privacy/disposals.html",
        {
            "due": services.due_next_month(compacts),
            "page": Paginator(done, PAGE_SIZE).get_page(request.GET.get("page")),
            "last_run": RetentionRun.objects.first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def holds(request):
    """Legal holds in force in the officer's compacts, and the form to place one."""
    compacts = _officer_compacts(request)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.hold_place(
                by=request.user,
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
                compacts=compacts,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(reference)s is held: the schedule leaves it whole until the hold is lifted.")
                % {"reference": hold.case.reference},
            )
            return redirect("legal-holds")
    in_force = (
        LegalHold.objects.filter(lifted_at__isnull=True)
        .filter(Q(dispute__compact__in=compacts) | Q(exercise__compact__in=compacts))
        .select_related("dispute", "exercise", "placed_by")
    )
    return render(request, "privacy/holds.html", {"form": form, "holds": in_force})


@login_required
@require_http_methods(["GET", "POST"])
def hold_lift(request, pk):
    """Lift a legal hold, after asking: the case may then be disposed of."""
    compacts = _officer_compacts(request)
    hold = get_object_or_404(
        LegalHold.objects.filter(lifted_at__isnull=True).filter(
            Q(dispute__compact__in=compacts) | Q(exercise__compact__in=compacts)
        ),
        pk=pk,
    )
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_lift(hold=hold, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The hold on %(reference)s is lifted.") % {"reference": hold.case.reference},
            )
            return redirect("legal-holds")
    return render(request, "privacy/hold_lift.html", {"form": form, "hold": hold})


def _scope(request):
    """The officer's compacts, or None for the whole service's officer."""
    compacts = _officer_compacts(request)
    return None if selectors.is_service_officer(request.user) else compacts


def _person(request, pk):
    person = get_object_or_404(get_user_model(), pk=pk)
    scope = _scope(request)
    if not selectors.person_known(person, scope):
        raise Http404  # not one of the officer's compacts' people
    return person, scope


@login_required
@require_GET
def people(request):
    """Find the person who asks (for what is held about them, or to be erased)."""
    _officer_compacts(request)
    form = FindPersonForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.people_matching(form.cleaned_data["person"], _scope(request))
    return render(request, "privacy/people.html", {"form": form, "found": found})


@login_required
@require_GET
def person(request, pk):
    """What is held about one person, part by part, with the export and (for the whole
    service's officer) the erasure."""
    person, scope = _person(request, pk)
    service_wide = scope is None
    return render(
        request,
        "privacy/person.html",
        {
            "person": person,
            "held": counts(gather(person, scope)),
            "service_wide": service_wide,
            "blockers": erasure.blockers(person) if service_wide else [],
        },
    )


@login_required
@require_http_methods(["POST"])
def person_export(request, pk):
    """Everything held about the person, as one zip (audited)."""
    person, scope = _person(request, pk)
    content, held = archive(person, scope)
    audit_record(
        actor=request.user,
        action="exported what is held about",
        obj=f"user #{person.pk}",
        changes={"parts": {str(label): n for label, n in held["sections"]}},
    )
    response = HttpResponse(content, content_type="application/zip")
    name = f"held-about-{person.pk}-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request, pk):
    """Erase the person, after asking (whole service's officer only)."""
    person, scope = _person(request, pk)
    if scope is not None:
        raise PermissionDenied  # a compact's officer asks the whole service's
    form = EraseForm(request.POST or None)
    reasons = erasure.blockers(person)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.erase(person, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The person is erased."))
            return redirect("people")
    return render(
        request, "privacy/person_erase.html", {"form": form, "person": person, "blockers": reasons}
    )
