"""Tasks in the JSON API: my inbox, my queue and my archive, and claiming, releasing and
completing a step. The same selectors, forms and services as the task pages."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema
from viewflow.workflow.models import Task

from cases.accounts.auth import token
from cases.common.api import (
    ErrorOut,
    FormFieldOut,
    Id,
    Paging,
    field_spec,
    form_data,
    page_of,
    paged,
)
from cases.register.models import Compact
from workflows import registry, selectors, services

router = Router(tags=["Tasks"], auth=token)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class TaskOut(Schema):
    id: int
    step: str
    status: str
    kind: str
    reference: str
    parties: str
    stage: str
    holder: str | None
    due_on: datetime.date | None
    working_days_left: int | None
    created: datetime.datetime
    finished: datetime.datetime | None
    follow_up_on: datetime.date | None = None


class TaskDetailOut(TaskOut):
    may_claim: bool
    may_release: bool
    history: list[dict[str, Any]]
    form: list[FormFieldOut] | None = Field(
        None, description="The step's fields, for its holder; send them to /complete"
    )


def _out(task) -> dict:
    line = task.line
    owner = task.owner
    return {
        "id": task.pk,
        "step": str(task.flow_task.task_title),
        "status": task.status,
        "kind": str(line.kind),
        "reference": line.reference,
        "parties": str(line.parties),
        "stage": str(line.stage),
        "holder": (owner.get_full_name() or owner.username) if owner else None,
        "due_on": line.due_on,
        "working_days_left": getattr(line, "days_left", None),
        "created": task.created,
        "finished": task.finished,
        "follow_up_on": getattr(task, "follow_up_on", None),
    }


class TaskFilter(Paging):
    compact: str = Field("", max_length=60, description="A compact's slug")
    kind: Literal["", "dispute", "commissioning", "departure"] = ""
    step: str = Field("", max_length=200, description="A step's title")
    due: Literal["", "overdue", "week", "follow_up"] = ""
    q: str = Field("", max_length=100, description="Reference or party")
    sort: Literal["", "due", "created", "-created", "case", "finished"] = ""


def _list(request, tab: str, filters: TaskFilter):
    source, _title = selectors.LISTS[tab]
    compact = None
    if filters.compact:
        compact = Compact.objects.filter(slug=filters.compact).first()
        if compact is None:
            raise ValidationError(
                {"compact": ValidationError(_("No compact has that slug"), code="unknown")}
            )
    entries = selectors.filtered(
        source(request.auth),
        compact=compact,
        kind=filters.kind,
        step=filters.step,
        due=filters.due,
        query=filters.q,
        sort=filters.sort or ("finished" if tab == "archive" else "due"),
    )
    return paged(
        entries.values_list("task_id", flat=True),
        filters,
        lambda ids: [_out(task) for task in selectors.page_rows(ids, user=request.auth)],
    )


@router.get("/inbox", response={200: page_of(TaskOut), **ERRORS}, summary="My inbox")
def inbox(request, filters: Query[TaskFilter]):
    """Steps assigned to you, sorted by due date."""
    return _list(request, "inbox", filters)


@router.get("/queue", response={200: page_of(TaskOut), **ERRORS}, summary="My team's queue")
def queue(request, filters: Query[TaskFilter]):
    """Unclaimed steps of your joint bodies that you may take."""
    return _list(request, "queue", filters)


@router.get("/archive", response={200: page_of(TaskOut), **ERRORS}, summary="Steps I have done")
def archive(request, filters: Query[TaskFilter]):
    return _list(request, "archive", filters)


def _task(request, pk: int) -> Task:
    task = selectors.visible_task(request.auth, pk)
    if task is None:
        raise Http404
    return task


def _detail(request, task: Task) -> dict:
    user = request.auth
    task = selectors.attach([task])[0]
    data = _out(task)
    fields = None
    step = registry.kind_of(task).steps.get(task.flow_task.name)
    if services.holds(user, task) and step is not None:
        form = step.form(task, registry.case_of(task))
        fields = [field_spec(name, field) for name, field in form.fields.items()]
    data.update(
        may_claim=task.status == "NEW" and services.may_claim(user, task),
        may_release=services.may_release(user, task),
        history=[
            {
                "id": step.pk,
                "step": str(step.flow_task.task_title),
                "status": step.status,
                "finished": step.finished,
            }
            for step in selectors.task_history(task)
        ],
        form=fields,
    )
    return data


@router.get("/{pk}", response={200: TaskDetailOut, **ERRORS}, summary="A task")
def task(request, pk: Id):
    """The step, its case, the procedure's other steps and, for its holder, the step's
    fields."""
    return _detail(request, _task(request, pk))


@router.post("/{pk}/claim", response={200: TaskDetailOut, **ERRORS}, summary="Claim a task")
def claim(request, pk: Id):
    """Take a queued step into your inbox. If someone else took it first: 409."""
    found = _task(request, pk)
    if not services.may_claim(request.auth, found) and found.status == "NEW":
        raise PermissionDenied(_("You cannot take this step."))
    services.task_claim(task=found, by=request.auth)
    return _detail(request, _task(request, pk))


@router.post("/{pk}/release", response={200: TaskDetailOut, **ERRORS}, summary="Release a task")
def release(request, pk: Id):
    """Put a step you took from the queue back in the queue."""
    found = _task(request, pk)
    services.task_release(task=found, by=request.auth)
    return _detail(request, _task(request, pk))


@router.post("/{pk}/complete", response={200: TaskDetailOut, **ERRORS}, summary="Complete a task")
def complete(request, pk: Id, payload: dict[str, Any] = Body(...)):  # noqa: B008
    """Do the step with its fields (see the task's `form`): for example
    `{"decision": "accept", "text": "…"}` for triage. Dates are `YYYY-MM-DD`; a list
    field takes a list."""
    found = _task(request, pk)
    step = registry.kind_of(found).steps.get(found.flow_task.name)
    if step is None:
        line = selectors.attach([found])[0].line
        raise ValidationError(
            _(
                "Commissioning steps are done through the exercise's actions: "
                "/api/v1/exercises/%(reference)s/actions."
            )
            % {"reference": line.reference},
            code="wrong_endpoint",
        )
    if found.owner_id != request.auth.pk:
        if found.status == "NEW":
            raise ValidationError(_("Claim the step first."), code="not_claimed")
        if found.status == "ASSIGNED":
            raise PermissionDenied(_("This step is in someone else's inbox."))
        raise ValidationError(services.GONE, code="gone")
    if found.status != "ASSIGNED":
        raise ValidationError(services.GONE, code="gone")
    case = registry.case_of(found)
    form = step.form(found, case, form_data(step.form(found, case), payload))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    step.complete(task=found, by=request.auth, data=form.cleaned_data)
    return _detail(request, _task(request, pk))
