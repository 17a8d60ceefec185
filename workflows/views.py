"""Task pages: my inbox, my groups' queue, and the page where a step is done."""

from typing import NamedTuple

from django import forms as forms_module
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from viewflow.workflow.models import Task

from cases.common import fragments, kept_pages
from cases.common.forms import Form, apply_errors, carried_over, date_field, form_helper
from workflows import navigation, registry, selectors, services


class KeptCompact(NamedTuple):
    """A compact the user has a part in, as the header keeps it (`navigation.lists`)."""

    pk: int
    slug: str
    name: str


class TaskFilterForm(forms_module.Form):
    """The task lists' filters and sort, from the query string."""

    compact = forms_module.ChoiceField(
        required=False,
        label=gettext_lazy("Compact"),
        choices=[],  # the compacts the user has a part in: see __init__
    )
    kind = forms_module.ChoiceField(
        required=False,
        label=gettext_lazy("Kind of case"),
        choices=[],
    )
    step = forms_module.ChoiceField(required=False, label=gettext_lazy("Step"))
    due = forms_module.ChoiceField(
        required=False,
        label=gettext_lazy("Due"),
        choices=[
            ("", gettext_lazy("Any time")),
            ("overdue", gettext_lazy("Overdue")),
            ("week", gettext_lazy("Due this week")),
            ("follow_up", gettext_lazy("To follow up today")),
        ],
    )
    q = forms_module.CharField(
        required=False, max_length=100, label=gettext_lazy("Reference or party")
    )
    sort = forms_module.ChoiceField(
        required=False,
        label=gettext_lazy("Sort by"),
        choices=[
            ("due", gettext_lazy("Due date")),
            ("created", gettext_lazy("Oldest first")),
            ("-created", gettext_lazy("Newest first")),
            ("case", gettext_lazy("Case reference")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((kind.name, kind.label) for kind in registry.kinds()),
        ]
        self.fields["step"].choices = [("", _("All steps")), *selectors.step_choices()]
        # Only the compacts the user has a part in: a few, not every compact served, as
        # the header keeps them, for the choices and the chosen one.
        self.compacts = {
            slug: KeptCompact(pk, slug, name)
            for pk, slug, name in navigation.lists(user)["compacts"]
        }
        self.fields["compact"].choices = [
            ("", _("All compacts")),
            *((slug, c.name) for slug, c in self.compacts.items()),
        ]

    def clean_compact(self):
        return self.compacts.get(self.cleaned_data["compact"])

    def selects(self):
        """Each filter but the text search, with its options (HTML, the chosen one marked):
        made here, not by a template loop over every option of every filter."""
        for field in self:
            if field.name == "q":
                continue
            chosen = "" if field.value() is None else str(field.value())
            yield (
                field,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (value, SELECTED if value == chosen else "", label)
                        for value, label in field.field.choices
                    ),
                ),
            )


SELECTED = mark_safe(" selected")  # noqa: S308 (a constant)


# What the task lists read of the query: the filters, the sort and the page.
LIST_PARAMETERS = (*TaskFilterForm.base_fields, "page", "after", "before")


@login_required
def task_list(request, tab):
    """A task list: its main content is kept whole until anything is written
    (`cases.common.kept_pages`), and otherwise worked out by `_list_body`."""
    _source, title = selectors.LISTS[tab]
    body = kept_pages.kept(
        request, f"tasks:{tab}", lambda: _list_body(request, tab), params=LIST_PARAMETERS
    )
    return render(request, "tasks/list.html", {"title": title, "body": body})


def _list_body(request, tab) -> tuple[str, dict]:
    source, title = selectors.LISTS[tab]
    form = TaskFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    unfiltered = not any(filters.get(name) for name in ("compact", "kind", "step", "due", "q"))
    keyset = tab == "archive" and not filters.get("sort")
    entries = selectors.filtered(
        # Newest first, the archive checks only the rows it shows (`newest_first`).
        selectors.archive_entries(request.user, checked=False) if keyset else source(request.user),
        compact=filters.get("compact"),
        kind=filters.get("kind", ""),
        step=filters.get("step", ""),
        due=filters.get("due", ""),
        query=filters.get("q", ""),
        sort=filters.get("sort") or ("finished" if tab == "archive" else "due"),
    )
    if keyset:
        # Newest first, from a position: the same cost however long one's history.
        page = selectors.newest_first(
            entries,
            user=request.user,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
        )
        ids = [entry.task_id for entry in page.object_list]
    else:
        # The page's step ids from the entries alone, then those steps' rows.
        page = Paginator(entries.values_list("task_id", flat=True), 25).get_page(
            request.GET.get("page")
        )
        ids = list(page.object_list)
    page.object_list = _rows(selectors.page_rows(ids, user=request.user), tab)
    return (
        "tasks/list_body.html",
        {
            "page": page,
            "tab": tab,
            "title": title,
            "form": form,
            "tabs": selectors.LISTS,
            # The queue tab's number, when this page has just counted the whole queue.
            "queue_total": page.paginator.count if tab == "queue" and unfiltered else None,
            # An empty queue says why, when the user stands aside from what is in it.
            "standing_aside": selectors.standing_aside(request.user)
            if tab == "queue" and unfiltered and not page.paginator.count
            else 0,
        },
    )


def _rows(tasks, tab):
    """Each task's row (`task.html`), rendered from what it shows (`tasks/row.html`): where
    it links to (a step's page, or in the archive its case's), the case, the step's name,
    who holds it, and when it is due and how many working days that leaves. Rows already
    rendered with the same values are taken from the cache (`cases.common.fragments`)."""
    detail = reverse("task-detail", args=[0])  # one lookup a page, not one a row
    titles = {}  # each step's name, translated once a page
    rows = []
    for task in tasks:
        line = task.line
        owner = task.owner if task.owner_id else None
        row = {
            "tab": tab,
            "pk": task.pk,
            "href": line.url if tab == "archive" else detail.replace("/0/", f"/{task.pk}/"),
            "reference": line.reference,
            "subject": line.subject,
            "kind": str(line.kind),
            "parties": line.parties,
            "stage": str(line.stage),
            "step": titles.get(task.flow_task)
            or titles.setdefault(task.flow_task, str(task.flow_task.task_title)),
            "holder": (owner.get_full_name() or owner.username) if owner else "",
            "follow_up_on": getattr(task, "follow_up_on", None),
            "finished": task.finished if tab == "archive" else None,
            "paused": line.paused,
        }
        if line.due_on and not line.paused:
            row["due_on"] = line.due_on
            row["days_left"] = line.days_left
        rows.append(row)
    for task, html in zip(tasks, fragments.rendered("tasks/row.html", rows), strict=True):
        task.html = html
    return tasks


def inbox(request):
    return task_list(request, "inbox")


def queue(request):
    return task_list(request, "queue")


def archive(request):
    return task_list(request, "archive")


def _task(request, pk) -> Task:
    task = selectors.visible_task(request.user, pk)
    if task is None:
        raise Http404
    return task


def _confirm_page(request, task, words: dict):
    """The "Are you sure?" page before a step that cannot be undone: the answers travel
    on in hidden fields, and "No, go back" returns to the form as it was."""
    return render(
        request,
        "includes/confirm.html",
        {
            "caption": f"{task.flow_task.task_title}",
            "explanation": words.get("explanation", []),
            "title": words["title"],
            "button": words.get("button", _("Yes, continue")),
            "warning": words.get("warning", True),
            "action": request.path,
            "fields": carried_over(request.POST),
            "back_button": True,
            "cancel": request.path,
        },
    )


@login_required
def task_detail(request, pk):
    task = _task(request, pk)
    kind = registry.kind_of(task)
    step = kind.steps.get(task.flow_task.name)
    if step is None:
        # Steps without a form here (commissioning's) are done on the case's own page.
        return redirect(kind.case_url(task) + "#actions")
    case = registry.case_of(task)
    registry.case_read(request.user, task, case)
    is_mine = services.holds(request.user, task)
    posted = request.method == "POST"
    form = (
        step.form(task, case, request.POST if posted else None, request.FILES if posted else None)
        if step.multipart
        else step.form(task, case, request.POST if posted else None)
    )
    status = 200
    if request.method == "POST":
        if not is_mine:
            raise PermissionDenied
        confirmed = request.POST.get("confirmed")
        if not form.is_valid():
            status = 400
        elif step.confirm and confirmed == "back":
            pass  # from the "Are you sure?" page: the form again, as it was typed
        elif step.confirm and confirmed != "yes":
            return _confirm_page(request, task, step.confirm(task, case, form.cleaned_data))
        else:
            try:
                step.complete(task=task, by=request.user, data=form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                case.refresh_from_db()
                messages.success(request, step.done(case))
                return redirect(case)
    follow_up = task.follow_ups.filter(user=request.user).first() if is_mine else None
    return render(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "case": case,
            "case_template": kind.step_template,
            **(kind.step_context(task, case, request.user) if kind.step_context else {}),
            "form": form,
            "is_mine": is_mine,
            "may_claim": task.status == "NEW" and services.may_claim(request.user, task),
            "may_release": services.may_release(request.user, task),
            "follow_up": follow_up,
            "follow_up_form": FollowUpForm(
                initial={"on": follow_up.follow_up_on if follow_up else None}
            )
            if is_mine
            else None,
            "reassign_to": services.reassign_candidates(task)
            if services.may_reassign(request.user, task)
            else [],
            "history": selectors.task_history(task),
        },
        status=status,
    )


@login_required
@require_POST
def task_claim(request, pk):
    task = _task(request, pk)
    try:
        services.task_claim(task=task, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("task-queue")
    messages.success(request, _("The step is in your inbox now."))
    return redirect("task-detail", pk=task.pk)


@login_required
@require_POST
def task_claim_many(request):
    """The queue's form: take one step (its own button) or every ticked step."""
    ids = [request.POST["only"]] if request.POST.get("only") else request.POST.getlist("tasks")
    ids = [int(i) for i in ids if str(i).isascii() and str(i).isdigit() and len(str(i)) < 12]
    # Steps the user could never take are left out without a word: they are not theirs to see.
    tasks = [t for t in Task.objects.filter(pk__in=ids) if services.may_claim(request.user, t)]
    if not tasks:
        messages.error(request, _("Choose the steps to take."))
        return redirect("task-queue")
    taken, problems = services.tasks_claim(tasks=tasks, by=request.user)
    if taken:
        messages.success(
            request,
            ngettext(
                "%(count)s step now in your inbox.",
                "%(count)s steps now in your inbox.",
                len(taken),
            )
            % {"count": len(taken)},
        )
    for problem in problems:
        messages.error(request, problem)
    if len(taken) == 1 and not problems:
        return redirect("task-detail", pk=taken[0].pk)
    return redirect("task-queue")


@login_required
@require_POST
def task_reassign(request, pk):
    task = _task(request, pk)
    candidates = {str(u.pk): u for u in services.reassign_candidates(task)}
    to = candidates.get(request.POST.get("to", ""))
    if to is None:
        messages.error(request, _("Choose a joint body member who can take this step."))
        return redirect("task-detail", pk=task.pk)
    try:
        services.task_reassign(task=task, by=request.user, to=to)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("task-detail", pk=task.pk)
    messages.success(
        request, _("The step is with %(name)s now.") % {"name": to.get_full_name() or to.username}
    )
    return redirect("task-detail", pk=task.pk)


class FollowUpForm(Form):
    """The date to see a step again, in GOV.UK's date input; left empty, it clears it."""

    on = date_field(
        gettext_lazy("Follow-up date"),
        hint=gettext_lazy(
            "For example, 27 3 2027. Your inbox can show the steps to follow up each day. "
            "Leave it empty to clear it."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("on")


@login_required
@require_POST
def task_follow_up(request, pk):
    task = _task(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["on"]))
        return redirect("task-detail", pk=task.pk)
    on = form.cleaned_data["on"]
    try:
        services.task_follow_up(task=task, by=request.user, on=on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You will see this again on %(date)s.") % {"date": date_format(on, "j F Y")}
            if on
            else _("The follow-up date is cleared."),
        )
    return redirect("task-detail", pk=task.pk)


@login_required
@require_POST
def task_release(request, pk):
    task = _task(request, pk)
    try:
        services.task_release(task=task, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("task-detail", pk=task.pk)
    messages.success(request, _("The step is back in the queue."))
    return redirect("task-queue")


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """The user's notifications as a list: subject, when, read or not; each opens its
    message. "Mark all as read" is the one action."""
    from workflows.models import Notification

    items = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        items.filter(read_at__isnull=True).update(read_at=timezone.now())
        navigation.forget(request.user.pk)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications")
    unread_only = request.GET.get("show") == "unread"
    if unread_only:
        items = items.filter(read_at__isnull=True)
    page = Paginator(items.only("pk", "subject", "created_at", "read_at"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "tasks/notifications.html", {"page": page, "unread_only": unread_only})


@login_required
def notification_detail(request, pk):
    """One notification, the user's own (anyone else's is not found); opening it marks it
    read."""
    from workflows.models import Notification

    item = get_object_or_404(Notification, pk=pk, user=request.user)
    if item.read_at is None:
        Notification.objects.filter(pk=item.pk).update(read_at=timezone.now())
        navigation.forget(request.user.pk)
    return render(request, "tasks/notification.html", {"item": item})
