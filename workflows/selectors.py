"""Reads for the task pages."""

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.models import DisputeStage, JointBodyMember, Membership
from workflows.models import DepartureProcess, DisputeProcess, ExerciseProcess

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


class CaseLine:
    """What a task list shows of the case a task belongs to, whatever its kind."""

    def __init__(self, *, kind, reference, url, parties, stage, due_on, paused=False, case=None):
        self.kind = kind
        self.reference = reference
        self.url = url
        self.parties = parties
        self.stage = stage
        self.due_on = due_on
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
            paused=d.is_paused,
            case=d,
        )
    for p in ExerciseProcess.objects.filter(pk__in=process_ids).select_related(
        "exercise__commissioner"
    ):
        e = p.exercise
        lines[p.pk] = CaseLine(
            kind="Commissioning",
            reference=e.reference,
            url=e.get_absolute_url(),
            parties=f"{e.title}, {e.commissioner.name}",
            stage=e.get_stage_display(),
            due_on=e.bids_close_at.date() if e.stage == "tender" and e.bids_close_at else None,
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
            case=p.departure,
        )
    return lines


def attach(tasks):
    """Attach each task's case line (for one page of a list), with the working days left
    before the case's due date."""
    from django.utils import timezone

    from cases.working_days import working_days_between

    tasks = list(tasks)
    lines = _case_lines([t.process_id for t in tasks])
    today = timezone.localdate()
    for task in tasks:
        task.line = lines.get(task.process_id)
        line = task.line
        if line is not None and line.due_on and not line.paused:
            nation = line.case.compact.nation if hasattr(line.case, "compact") else None
            line.days_left = working_days_between(today, line.due_on, nation) if nation else None
        elif line is not None:
            line.days_left = None
    return [t for t in tasks if t.line is not None]


# Lists. Each is one query, filtered, sorted and paged in the database, whatever its size.

D = "process__disputeprocess__dispute"
E = "process__exerciseprocess__exercise"
P = "process__departureprocess__departure__exercise"


def _annotated(tasks):
    return tasks.annotate(
        case_due=F(f"{D}__due_on"),
        case_compact=Coalesce(F(f"{D}__compact"), F(f"{E}__compact"), F(f"{P}__compact")),
        case_reference=Coalesce(F(f"{D}__reference"), F(f"{E}__reference"), F(f"{P}__reference")),
    ).select_related("owner")


def _not_mine_any_more(user):
    """Processes of cases the user no longer holds the role for: disputes they may not see,
    exercises of organisations they no longer commission for, departures of compacts they
    are no longer Champion of. Their steps wait for someone who does."""
    from cases.selectors import disputes_visible_to

    commissioning_for = Membership.objects.filter(user=user, role="commissioner").values(
        "organisation"
    )
    return (
        Q(
            process__in=DisputeProcess.objects.exclude(
                dispute__in=disputes_visible_to(user).values("pk")
            ).values("pk")
        )
        | Q(
            process__in=ExerciseProcess.objects.exclude(
                exercise__commissioner__in=commissioning_for
            ).values("pk")
        )
        | Q(
            process__in=DepartureProcess.objects.exclude(
                departure__exercise__compact__champion=user
            ).values("pk")
        )
    )


def inbox(user):
    """Steps assigned to the user and not yet done, with the user's follow-up date."""
    from workflows.models import FollowUp

    follow_up = FollowUp.objects.filter(task=OuterRef("pk"), user=user).values("follow_up_on")
    return _annotated(
        Task.objects.filter(owner=user, status__in=OPEN, flow_task_type="HUMAN").exclude(
            _not_mine_any_more(user)
        )
    ).annotate(follow_up_on=Subquery(follow_up[:1]))


def queue(user):
    """Unclaimed steps of the user's joint bodies that the user may take: they hold the
    step's permission through their group, sit on that compact's joint body, and work for
    neither party."""
    permissions = [p for p in user.get_all_permissions() if p.startswith("workflows.")]
    seats = JointBodyMember.objects.filter(user=user)
    compacts = seats.values("compact")
    # Stand aside from disputes of one's own organisations, or of those one's seats represent.
    organisations = Membership.objects.filter(user=user).values("organisation")
    represented = seats.values("organisation")
    processes = DisputeProcess.objects.filter(dispute__compact__in=compacts).exclude(
        Q(dispute__complainant__in=organisations)
        | Q(dispute__respondent__in=organisations)
        | Q(dispute__complainant__in=represented)
        | Q(dispute__respondent__in=represented)
        | Q(dispute__raised_by=user)
    )
    return _annotated(
        Task.objects.filter(
            status=STATUS.NEW,
            flow_task_type="HUMAN",
            owner__isnull=True,
            owner_permission__in=permissions,
            process__in=processes.values("pk"),
        )
    )


def archive(user):
    """Steps the user has done."""
    return _annotated(Task.objects.filter(owner=user, status=STATUS.DONE, flow_task_type="HUMAN"))


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
        tasks = tasks.filter(follow_up_on__lte=today)
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
    """The numbers in the navigation: my inbox, my queue, and my overdue steps."""
    from django.utils import timezone

    from workflows.models import Notification

    mine = inbox(user)
    return {
        "inbox": mine.count(),
        "queue": queue(user).count(),
        "overdue": mine.filter(case_due__lt=timezone.localdate()).count(),
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
