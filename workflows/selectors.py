"""Reads for the task pages."""

from django.db.models import Q
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.models import DisputeStage, JointBodyMember, Membership
from workflows.models import DepartureProcess, DisputeProcess, ExerciseProcess

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def _with_dispute(tasks):
    return tasks.select_related("owner", "process").order_by("created")


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


def _attach(tasks, user=None):
    """Attach each task's case line; with `user`, leave out commissioning steps and
    departure reviews the user no longer holds the role for (they wait for someone who
    does)."""
    from cases.models import Departure, Exercise
    from cases.services.commissioning import is_commissioner

    tasks = list(tasks)
    lines = _case_lines([t.process_id for t in tasks])
    kept = []
    for task in tasks:
        task.line = lines.get(task.process_id)
        if task.line is None:
            continue
        case = task.line.case
        if user is not None and isinstance(case, Exercise) and not is_commissioner(user, case):
            continue
        if (
            user is not None
            and isinstance(case, Departure)
            and case.exercise.compact.champion_id != user.pk
        ):
            continue
        kept.append(task)
    return kept


def inbox(user):
    """Steps assigned to the user and not yet done (steps of disputes the user may no
    longer see are left out: they wait for reassignment)."""
    from cases.selectors import disputes_visible_to

    hidden = DisputeProcess.objects.exclude(
        dispute__in=disputes_visible_to(user).values("pk")
    ).values("pk")
    return _attach(
        _with_dispute(
            Task.objects.filter(owner=user, status__in=OPEN, flow_task_type="HUMAN").exclude(
                process__in=hidden
            )
        ),
        user,
    )


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
    return _attach(
        _with_dispute(
            Task.objects.filter(
                status=STATUS.NEW,
                flow_task_type="HUMAN",
                owner__isnull=True,
                owner_permission__in=permissions,
                process__in=processes,
            )
        )
    )


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
