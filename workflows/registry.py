"""The task engine's registry: the kinds of case whose steps it lists and runs.

The engine knows no kind of case. Each subject (disputes, commissioning) registers its
kinds when the app starts (`cases/wiring.py`), saying for each one:

- which flows and procedure record it has, and how a task reaches its case in a query
  (`lookups`), so that one query can list, sort, filter and page every kind's steps;
- who may still see a step, who may take a queued one, and what the task list shows of it;
- for each step done on the task page, its form and the service that completes it.

The register registers the compacts a user has a part in (`set_compacts`), which the
task lists offer as a filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

KINDS: dict[str, CaseKind] = {}
_compacts: Callable[[Any], Any] | None = None
# The languages each compact writes its e-mails in, by compact id (the register's).
_mail_languages: Callable[[Iterable[int]], dict] | None = None
# Tidying the timer loop does on each round (`run_timers`), registered by the subjects:
# each returns a line to log, or "" when there was nothing to do.
HOUSEKEEPING: list[Callable[[], str]] = []


@dataclass
class CaseLine:
    """What a task list shows of the case a task belongs to, whatever its kind (and, once
    attached to a task, the working days left before the step's due date)."""

    kind: str
    reference: str
    url: str
    parties: str
    stage: str
    due_on: Any
    nation: str  # whose bank holidays the working days left skip
    paused: bool = False
    days_left: int | None = None
    subject: str = ""  # the case's short title, where it has one


@dataclass(frozen=True)
class Step:
    """A step done on the task page: its form, and the service that completes it.

    `form(task, case, data)` makes the form (bound when `data` is given; a `multipart`
    step's form takes the uploaded files too);
    `complete(task=..., by=..., data=...)` calls the step's one public service with the
    form's cleaned data; `done(case)` says what happened, for the next page."""

    form: Callable[..., Any]
    complete: Callable[..., Any]
    done: Callable[[Any], str]
    multipart: bool = False  # the form takes files: `form(task, case, data, files)`
    # A step that cannot be undone asks first: `confirm(task, case, data)` gives the "Are
    # you sure?" page's words (title, explanation, button, warning) for the answers given.
    confirm: Callable[..., dict] | None = None


@dataclass(frozen=True)
class CaseKind:
    """A kind of case and what the engine needs to know of it."""

    name: str  # the task lists' filter value, such as "dispute"
    label: str  # the filter's label, such as "Disputes"
    flows: tuple  # its viewflow Flow classes
    process: str  # the lookup from a task to its procedure record ("process__disputeprocess")
    case_attr: str  # the procedure record's field holding the case ("dispute")
    # Lookups from a task, for the lists' one query: "compact", "reference", and "due"
    # (where the kind's steps share the case's clock; otherwise each step has its own).
    lookups: dict[str, str]
    search: tuple[str, ...]  # lookups from a task that the lists' text search looks in
    lines: Callable[[list[int]], dict[int, CaseLine]]  # procedure ids -> list lines
    still_theirs: Callable[[Any], Q]  # the user's steps of this kind they may still see
    may_see: Callable[[Any, Any], bool]  # (user, task): may this user open the step?
    case_url: Callable[[Any], str]  # the task's case page
    # Queued steps (taken by a group): the permissions they need, the compacts whose queues
    # the user works (a list of ids), which of their steps the user may take (a Q),
    # whether one may be taken (user, task), and the chair's handing over.
    queue_permissions: tuple[str, ...] = ()
    queue_compacts: Callable[[Any], Any] | None = None
    queue: Callable[[Any], Q] | None = None
    may_claim: Callable[[Any, Any], bool] | None = None
    may_reassign: Callable[[Any, Any], bool] | None = None
    reassign_candidates: Callable[[Any], list] | None = None
    on_reassign: Callable[..., None] | None = None
    # The notices of many fired timers at once (the timer sweep): `notices(timers=[...],
    # reminder=True)` sends their reminders (False: their overdue notices), each once, with
    # their procedures locked by the caller, and returns the ids of the procedures it dealt
    # with (the others' timers stay due, for the next sweep).
    notices: Callable[..., set[int]] | None = None
    # Steps done on the task page, by node name; the others are done on the case's page.
    steps: dict[str, Step] = field(default_factory=dict)
    step_template: str = ""  # what the task page shows of the case
    step_context: Callable[[Any, Any, Any], dict] | None = None  # (task, case, user)
    # Steps that keep a clock of their own beside the case's: node -> the lookup from a
    # task to its due date (a dispute's answer step, due when the answer is).
    own_clocks: dict[Any, str] = field(default_factory=dict)
    # The models `lines` reads (the case, its parties, its compact): a change to any of
    # them forgets the lines the task lists keep (`workflows.lines`).
    line_models: tuple = ()


def register(kind: CaseKind) -> CaseKind:
    from workflows import lines

    KINDS[kind.name] = kind
    lines.watch(kind.line_models)
    return kind


def housekeeping(task: Callable[[], str]) -> None:
    if task not in HOUSEKEEPING:
        HOUSEKEEPING.append(task)


def set_compacts(compacts_of: Callable[[Any], Any]) -> None:
    """Say where the compacts a user has a part in come from (a queryset per user)."""
    global _compacts
    _compacts = compacts_of


def compacts_of(user):
    return _compacts(user)


def set_mail_languages(languages_of: Callable[[Iterable[int]], dict]) -> None:
    """Say where the languages of each compact's e-mails come from: compact id -> codes."""
    global _mail_languages
    _mail_languages = languages_of


def mail_languages(compact_ids: Iterable[int]) -> dict:
    ids = set(compact_ids)
    return _mail_languages(ids) if ids and _mail_languages is not None else {}


# Told when a step's page shows its case (the subjects log who read a confidential one).
_case_read: Callable[[Any, Any, Any], None] | None = None


def set_case_read(read: Callable[[Any, Any, Any], None]) -> None:
    """Say what to do when a step's page shows its case to a user: read(user, task, case)."""
    global _case_read
    _case_read = read


def case_read(user, task, case) -> None:
    if _case_read is not None:
        _case_read(user, task, case)


def kinds() -> Iterable[CaseKind]:
    return KINDS.values()


def kind_of(task) -> CaseKind | None:
    """The kind of case a task belongs to, from its flow (no query)."""
    flow_class = task.flow_task.flow_class if task.flow_task else None
    for kind in KINDS.values():
        if flow_class in kind.flows:
            return kind
    return None


def case_of(task):
    """The task's case (a dispute, an exercise, a departure)."""
    kind = kind_of(task)
    process = task.flow_task.flow_class.process_class.objects.get(pk=task.process_id)
    return getattr(process, kind.case_attr)


def queue_permissions() -> list[str]:
    """Every permission a queued step may need ("app.codename")."""
    return [p for kind in KINDS.values() for p in kind.queue_permissions]


def human_nodes(title: str | None = None):
    """The people's steps of every registered flow, or those with this title."""
    return [
        node
        for kind in KINDS.values()
        for flow in kind.flows
        for node in flow.instance.nodes()
        if node.__class__.__name__ == "View" and (title is None or node.task_title == title)
    ]
