"""Reads for the task pages."""

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.models import DisputeStage, JointBodyMember, Membership
from workflows.models import DepartureProcess, DisputeProcess, ExerciseProcess

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


class CaseLine:
    """What a task list shows of the case a task belongs to, whatever its kind."""

    def __init__(
        self, *, kind, reference, url, parties, stage, due_on, nation, paused=False, case=None
    ):
        self.kind = kind
        self.reference = reference
        self.url = url
        self.parties = parties
        self.stage = stage
        self.due_on = due_on
        self.nation = nation  # whose bank holidays the working days left skip
        self.paused = paused
        self.case = case


def _case_lines(process_ids):
    lines = {}
    for p in DisputeProcess.objects.filter(pk__in=process_ids).select_related(
        "dispute__compact", "dispute__complainant", "dispute__respondent"
    ):
        d = p.dispute
        lines[p.pk] = CaseLine(
            kind="Dispute",
            reference=d.reference,
            url=d.get_absolute_url(),
            parties=f"{d.complainant.name} and {d.respondent.name}",
            stage=d.get_stage_display(),
            due_on=d.due_on,
            nation=d.compact.nation,
            paused=d.is_paused,
            case=d,
        )
    # A commissioning step's due date is the step's own (its StepClock), set by attach().
    for p in ExerciseProcess.objects.filter(pk__in=process_ids).select_related(
        "exercise__commissioner", "exercise__compact"
    ):
        e = p.exercise
        lines[p.pk] = CaseLine(
            kind="Commissioning",
            reference=e.reference,
            url=e.get_absolute_url(),
            parties=f"{e.title}, {e.commissioner.name}",
            stage=e.get_stage_display(),
            due_on=None,
            nation=e.compact.nation,
            case=e,
        )
    for p in DepartureProcess.objects.filter(pk__in=process_ids).select_related(
        "departure__exercise__commissioner", "departure__exercise__compact"
    ):
        e = p.departure.exercise
        lines[p.pk] = CaseLine(
            kind="Departure",
            reference=e.reference,
            url=e.get_absolute_url(),
            parties=f"{p.departure.get_rule_display()}: {e.commissioner.name}",
            stage=e.get_stage_display(),
            due_on=None,
            nation=e.compact.nation,
            case=p.departure,
        )
    return lines


def attach(tasks):
    """Attach each task's case line (for one page of a list), with the step's due date and
    the working days left before it: the dispute's due date, or a commissioning or
    departure step's own (`case_due` in the lists below; looked up for other tasks)."""
    import copy

    from django.utils import timezone

    from cases.working_days import working_days_between
    from workflows.models import StepClock

    tasks = list(tasks)
    lines = _case_lines([t.process_id for t in tasks])
    bare = [t.pk for t in tasks if not hasattr(t, "case_due")]
    clocks = (
        dict(StepClock.objects.filter(task__in=bare).values_list("task", "due_on")) if bare else {}
    )
    today = timezone.localdate()
    for task in tasks:
        line = lines.get(task.process_id)
        if line is not None and line.kind != "Dispute":
            line = copy.copy(line)  # each step of the process has its own due date
            line.due_on = task.case_due if hasattr(task, "case_due") else clocks.get(task.pk)
        task.line = line
        if line is not None:
            line.days_left = (
                working_days_between(today, line.due_on, line.nation)
                if line.due_on and not line.paused
                else None
            )
    return [t for t in tasks if t.line is not None]


# Lists. Each is one query, filtered, sorted and paged in the database, whatever its size.

D = "process__disputeprocess__dispute"
E = "process__exerciseprocess__exercise"
P = "process__departureprocess__departure__exercise"


def _annotated(tasks):
    return tasks.annotate(
        # A dispute's steps share the dispute's clock; other steps have their own.
        case_due=Coalesce(F(f"{D}__due_on"), F("step_clock__due_on")),
        case_compact=Coalesce(F(f"{D}__compact"), F(f"{E}__compact"), F(f"{P}__compact")),
        case_reference=Coalesce(F(f"{D}__reference"), F(f"{E}__reference"), F(f"{P}__reference")),
    ).select_related("owner")


def _still_theirs(user):
    """Steps of cases the user still holds the role for: a dispute's while they may see the
    dispute, an exercise's while they commission for its organisation, a departure's while
    they are the compact's Champion. The steps of the others wait for someone who does.

    Checked row by row, on the user's own steps only (a correlated EXISTS and the joins the
    lists already make), never by listing every case the user may not see."""
    from cases.selectors import disputes_visible_to

    commissioning_for = Membership.objects.filter(user=user, role="commissioner").values(
        "organisation"
    )
    visible = disputes_visible_to(user).filter(pk=OuterRef(D))
    return (
        (Q(process__disputeprocess__isnull=True) | Exists(visible))
        & (
            Q(process__exerciseprocess__isnull=True)
            | Q(**{f"{E}__commissioner__in": commissioning_for})
        )
        & (Q(process__departureprocess__isnull=True) | Q(**{f"{P}__compact__champion": user}))
    )


def inbox(user):
    """Steps assigned to the user and not yet done, with the user's follow-up date."""
    from workflows.models import FollowUp

    follow_up = FollowUp.objects.filter(task=OuterRef("pk"), user=user).values("follow_up_on")
    return _annotated(
        Task.objects.filter(
            _still_theirs(user), owner=user, status__in=OPEN, flow_task_type="HUMAN"
        )
    ).annotate(follow_up_on=Subquery(follow_up[:1]))


def queue(user):
    """Unclaimed steps of the user's joint bodies that the user may take: they hold the
    step's permission through their group, sit on that compact's joint body, and work for
    neither party."""
    permissions = [p for p in user.get_all_permissions() if p.startswith("workflows.")]
    seats = JointBodyMember.objects.filter(user=user)
    # Stand aside from disputes of one's own organisations, or of those one's seats represent.
    organisations = Membership.objects.filter(user=user).values("organisation")
    represented = seats.values("organisation")
    # Conditions on each unclaimed step's own dispute, which the list joins anyway, not a
    # list of every dispute process of the compacts.
    return _annotated(
        Task.objects.filter(
            status=STATUS.NEW,
            flow_task_type="HUMAN",
            owner__isnull=True,
            owner_permission__in=permissions,
            **{f"{D}__compact__in": seats.values("compact")},
        ).exclude(
            Q(**{f"{D}__complainant__in": organisations})
            | Q(**{f"{D}__respondent__in": organisations})
            | Q(**{f"{D}__complainant__in": represented})
            | Q(**{f"{D}__respondent__in": represented})
            | Q(**{f"{D}__raised_by": user})
        )
    )


def archive(user):
    """Steps the user has done, of cases they may still see: someone who has lost the role
    (left the joint body, the organisation) no longer reads the case's stage and parties
    here either."""
    return _annotated(
        Task.objects.filter(
            _still_theirs(user), owner=user, status=STATUS.DONE, flow_task_type="HUMAN"
        )
    )


SORTS = {
    "due": (F("case_due").asc(nulls_last=True), "created"),
    "created": ("created",),
    "-created": ("-created",),
    "case": ("case_reference", "created"),
    "finished": ("-finished",),
}


def filtered(tasks, *, compact=None, kind="", step="", due="", query="", sort="due"):
    """Apply the task list's filters and sort."""
    import datetime

    from django.utils import timezone

    if compact is not None:
        tasks = tasks.filter(case_compact=compact.pk)
    if kind == "dispute":
        tasks = tasks.filter(process__disputeprocess__isnull=False)
    elif kind == "commissioning":
        tasks = tasks.filter(process__exerciseprocess__isnull=False)
    elif kind == "departure":
        tasks = tasks.filter(process__departureprocess__isnull=False)
    if step:
        tasks = tasks.filter(flow_task__in=step_nodes(step))
    today = timezone.localdate()
    if due == "overdue":
        tasks = tasks.filter(case_due__lt=today)
    elif due == "follow_up":
        # Follow-up dates are on one's own open steps: the queue and archive have none.
        if "follow_up_on" in tasks.query.annotations:
            tasks = tasks.filter(follow_up_on__lte=today)
        else:
            tasks = tasks.none()
    elif due == "week":
        tasks = tasks.filter(
            case_due__gte=today, case_due__lte=today + datetime.timedelta(days=6 - today.weekday())
        )
    if query:
        tasks = tasks.filter(
            Q(case_reference__icontains=query)
            | Q(**{f"{D}__complainant__name__icontains": query})
            | Q(**{f"{D}__respondent__name__icontains": query})
            | Q(**{f"{E}__title__icontains": query})
            | Q(**{f"{E}__commissioner__name__icontains": query})
            | Q(**{f"{P}__title__icontains": query})
        )
    return tasks.order_by(*SORTS.get(sort, SORTS["due"]))


def compacts_of(user):
    """The compacts the user has a part in: as Champion, on the joint body, as a
    mediator, or through an organisation that has signed. Each by its own small subquery
    (one query with joins across all four is slow with many compacts)."""
    from cases.models import Compact, Mediator, Signatory

    if user.is_superuser:
        return Compact.objects.all()
    organisations = Membership.objects.filter(user=user).values("organisation")
    return Compact.objects.filter(
        Q(champion=user)
        | Q(pk__in=JointBodyMember.objects.filter(user=user).values("compact"))
        | Q(pk__in=Mediator.objects.filter(user=user).values("compact"))
        | Q(pk__in=Signatory.objects.filter(organisation__in=organisations).values("compact"))
    )


def step_choices():
    """(value, label) for every people's step, by title."""
    from workflows.flows import DepartureFlow, DisputeFlow, ExerciseFlow

    titles = {}
    for flow in (DisputeFlow, ExerciseFlow, DepartureFlow):
        for node in flow.instance.nodes():
            if node.__class__.__name__ == "View":
                titles.setdefault(node.task_title, node.task_title)
    return sorted(titles.items())


def step_nodes(title):
    from workflows.flows import DepartureFlow, DisputeFlow, ExerciseFlow

    return [
        node
        for flow in (DisputeFlow, ExerciseFlow, DepartureFlow)
        for node in flow.instance.nodes()
        if node.__class__.__name__ == "View" and node.task_title == title
    ]


def counts(user) -> dict:
    """The numbers in the navigation: my inbox, my queue, and my overdue steps. The inbox
    and its overdue steps are counted in one query."""
    from django.db.models import Count
    from django.utils import timezone

    from workflows.models import Notification

    mine = inbox(user).aggregate(
        inbox=Count("pk"), overdue=Count("pk", filter=Q(case_due__lt=timezone.localdate()))
    )
    return {
        "inbox": mine["inbox"],
        "queue": queue(user).count(),
        "overdue": mine["overdue"],
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }


def may_see_task(user, task) -> bool:
    """Whoever may see the case now: for a dispute's step, anyone who may see the dispute
    (a holder who has lost that right loses the step page too); for a commissioning step,
    the commissioning organisation; for a departure, the compact's Champion."""
    from cases.models import Dispute
    from cases.services.commissioning import is_commissioner

    dispute = DisputeProcess.objects.filter(pk=task.process_id).values_list("dispute", flat=True)
    if dispute:
        return user.has_perm("cases.view_dispute", Dispute.objects.get(pk=dispute[0]))
    exercise = ExerciseProcess.objects.filter(pk=task.process_id).select_related("exercise")
    if exercise:
        return is_commissioner(user, exercise[0].exercise)
    departure = DepartureProcess.objects.filter(pk=task.process_id).select_related(
        "departure__exercise__compact"
    )
    if departure:
        return departure[0].departure.exercise.compact.champion_id == user.pk
    return False


def visible_task(user, pk: int):
    """The people's step with this id if the user may see it (`may_see_task`), else None."""
    task = Task.objects.select_related("owner").filter(pk=pk, flow_task_type="HUMAN").first()
    if task is None or not may_see_task(user, task):
        return None
    return task


def task_history(task):
    """The other steps of the same procedure, done or open, oldest first."""
    return (
        Task.objects.filter(process_id=task.process_id, flow_task_type="HUMAN")
        .select_related("owner")
        .order_by("created")
    )


def after_completion_message(dispute) -> str:
    if dispute.stage == DisputeStage.CLOSED:
        return f"Done. The dispute is closed: {dispute.get_outcome_display().lower()}."
    if dispute.stage == DisputeStage.WITHDRAWN:
        return "Done. The dispute was withdrawn."
    return f"Done. The dispute is at {dispute.get_stage_display().lower()}" + (
        f", due by {dispute.due_on:%-d %B %Y}." if dispute.due_on else "."
    )
