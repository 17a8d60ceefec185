"""Disputes: a signatory says another broke a Compact commitment.

The dispute's stage is its legal lifecycle, a state machine whose every transition is
logged (django-fsm-log: who, when, from, to, why). Who does the next step is the
workflow's business (`cases/disputes/flow.py`); the services in `cases/disputes/services/`
move both together.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from viewflow.workflow.models import Process

from cases.common.storage import private_storage
from cases.register.models import Commitment, Compact, JointBodyMember, Mediator, Organisation


class DisputeStage(models.TextChoices):
    """Where a dispute is in the Compact's procedure."""

    SUBMITTED = "submitted", _("Submitted")  # raised, waiting for the Champion's triage
    INFORMAL = "informal", _("Informal resolution")  # the parties with the Champion
    MEDIATION = "mediation", _("Mediation")  # an independent mediator, joint body oversight
    ARBITRATION = "arbitration", _("Arbitration")  # a joint body panel decides
    CLOSED = "closed", _("Closed")  # ended with an outcome
    WITHDRAWN = "withdrawn", _("Withdrawn")  # the complainant withdrew it

    @classmethod
    def open_stages(cls):
        return [cls.SUBMITTED, cls.INFORMAL, cls.MEDIATION, cls.ARBITRATION]

    @classmethod
    def clocked_stages(cls):
        """Stages that run on a working-day clock."""
        return cls.open_stages()


class DisputeOutcome(models.TextChoices):
    """How a closed dispute ended."""

    OUTSIDE_COMPACT = "outside_compact", _("Outside the Compact")  # closed at triage
    RESOLVED_INFORMALLY = "resolved_informally", _("Resolved informally")
    MEDIATED_AGREEMENT = "mediated_agreement", _("Mediated agreement")
    UPHELD = "upheld", _("Upheld")  # arbitration found the commitment was broken
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")

    @classmethod
    def arbitration_outcomes(cls):
        return [cls.UPHELD, cls.PARTLY_UPHELD, cls.NOT_UPHELD]


OPEN = DisputeStage.open_stages()
SUBJECT_LENGTH = 120
BUNDLE_WAIT = datetime.timedelta(minutes=20)  # longer than a job's retries (1+2+4+8 min)


def title_of(subject: str, what_happened: str) -> str:
    """A dispute's subject, or the first words of what happened (`Dispute.title`)."""
    if subject:
        return subject
    words = what_happened.split()
    return " ".join(words[:10]) + ("..." if len(words) > 10 else "")


class Dispute(models.Model):
    """A dispute between two signatories of a compact."""

    reference = models.CharField(max_length=20, unique=True)
    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="disputes")
    # Empty once the dispute has been disposed of under the retention schedule.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="disputes_raised",
    )
    complainant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disputes_as_complainant"
    )
    respondent = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disputes_as_respondent"
    )
    commitments = models.ManyToManyField(Commitment, related_name="disputes")
    subject = models.CharField(
        max_length=SUBJECT_LENGTH,
        blank=True,
        help_text=_("A short title, shown in every list and e-mail."),
    )
    what_happened = models.TextField()
    happened_on = models.DateField()
    already_tried = models.TextField()
    outcome_sought = models.TextField()
    submission_key = models.CharField(max_length=64, unique=True)
    # The record of the service the dispute was raised from, where it was (for example an
    # award challenged in its standstill): the source's name and the record's id
    # (`cases.disputes.sources`). Another subject asks for open disputes by it.
    source = models.CharField(max_length=20, blank=True)
    source_pk = models.PositiveBigIntegerField(null=True, blank=True)

    stage = FSMField(default=DisputeStage.SUBMITTED, choices=DisputeStage.choices)
    outcome = models.CharField(max_length=30, choices=DisputeOutcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)

    # The clock of the current stage.
    stage_started_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.TextField(blank=True)
    working_days_left_at_pause = models.IntegerField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    mediator = models.ForeignKey(
        Mediator, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes"
    )
    complainant_accepts_mediator = models.BooleanField(null=True)
    respondent_accepts_mediator = models.BooleanField(null=True)
    panel = models.ManyToManyField(JointBodyMember, blank=True, related_name="panels")
    panel_chair = models.ForeignKey(
        JointBodyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_letter = models.FileField(
        storage=private_storage, upload_to="letters/", blank=True, max_length=300
    )
    # The dispute's papers for the panel and the parties (`cases.disputes.bundle`): made by
    # the worker when asked for, and on referral to arbitration.
    bundle = models.FileField(
        storage=private_storage, upload_to="bundles/", blank=True, max_length=300
    )
    bundle_asked_at = models.DateTimeField(null=True, blank=True)
    bundle_made_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["compact", "stage"]),
            # The dispute list, newest first, of a compact's Champion or joint body.
            models.Index(
                fields=["compact", "-created_at", "-id"], name="dispute_by_compact_newest"
            ),
            models.Index(
                fields=["source", "source_pk"],
                condition=~models.Q(source=""),
                name="dispute_from_source",
            ),
        ]

    def __str__(self):
        return gettext("%(reference)s: %(complainant)s and %(respondent)s") % {
            "reference": self.reference,
            "complainant": self.complainant,
            "respondent": self.respondent,
        }

    def get_absolute_url(self):
        return reverse("dispute-detail", kwargs={"reference": self.reference})

    @property
    def title(self) -> str:
        """The dispute's subject, or for one raised before subjects were asked, the first
        words of what happened."""
        return title_of(self.subject, self.what_happened)

    @property
    def bundle_is_being_made(self) -> bool:
        """Asked for, not yet made, and asked recently: a making that failed for good
        (every retry) lets the papers be asked for again after `BUNDLE_WAIT`."""
        from django.utils import timezone

        if self.bundle_asked_at is None:
            return False
        if self.bundle_made_at is not None and self.bundle_made_at >= self.bundle_asked_at:
            return False
        return timezone.now() - self.bundle_asked_at < BUNDLE_WAIT

    @property
    def is_overdue(self) -> bool:
        """Past its stage's due date with the clock running."""
        from django.utils import timezone

        return (
            self.is_open
            and self.due_on is not None
            and not self.is_paused
            and self.due_on < timezone.localdate()
        )

    @property
    def is_open(self):
        return self.stage in OPEN

    @property
    def is_paused(self):
        return self.paused_at is not None

    # Transitions. Each reads as a sentence of the procedure; the service that calls it
    # checks who may, sets the stage's clock and completes the workflow task.

    def mediator_accepted_by_both(self):
        return bool(self.complainant_accepts_mediator and self.respondent_accepts_mediator)

    def panel_is_formed(self):
        return self.panel_chair_id is not None

    def outcome_is_an_arbitration_outcome(self):
        return self.outcome in DisputeOutcome.arbitration_outcomes()

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=DisputeStage.SUBMITTED, target=DisputeStage.INFORMAL)
    def accept(self, *, by=None, description=""):
        """The Champion accepts the dispute as within the Compact: informal resolution."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=DisputeStage.SUBMITTED, target=DisputeStage.CLOSED)
    def close_as_outside_compact(self, *, by=None, description=""):
        """The Champion finds the dispute is not about the Compact and closes it, with reasons."""
        self.outcome = DisputeOutcome.OUTSIDE_COMPACT

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=DisputeStage.INFORMAL, target=DisputeStage.CLOSED)
    def resolve_informally(self, *, by=None, description=""):
        """The parties settled it with the Champion's help."""
        self.outcome = DisputeOutcome.RESOLVED_INFORMALLY

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=DisputeStage.INFORMAL, target=DisputeStage.MEDIATION)
    def escalate_to_mediation(self, *, by=None, description=""):
        """Informal resolution did not settle it: it goes to an independent mediator."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=stage,
        source=DisputeStage.MEDIATION,
        target=DisputeStage.CLOSED,
        conditions=[mediator_accepted_by_both],
    )
    def record_mediated_agreement(self, *, by=None, description=""):
        """The mediator records that the parties reached an agreement."""
        self.outcome = DisputeOutcome.MEDIATED_AGREEMENT

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=DisputeStage.MEDIATION, target=DisputeStage.ARBITRATION)
    def refer_to_arbitration(self, *, by=None, description=""):
        """Mediation ended without agreement: the joint body will form a panel."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=stage,
        source=DisputeStage.ARBITRATION,
        target=DisputeStage.CLOSED,
        conditions=[panel_is_formed, outcome_is_an_arbitration_outcome],
    )
    def decide(self, *, by=None, description=""):
        """The panel records its reasoned decision: upheld, partly upheld or not upheld."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=DisputeStage.CLOSED, target=DisputeStage.INFORMAL)
    def reopen(self, *, by=None, description=""):
        """A remedy the decision or agreement asked for was not carried out: the joint body
        reopens the dispute, back with the Champion in informal resolution. What ended it
        (the outcome, the decision and its letter, the panel, the mediator) is cleared: the
        timeline and the documents keep the record, and a new mediator or panel is chosen
        if it comes to that again."""
        self.outcome = ""
        self.outcome_reasons = ""
        self.closed_at = None
        self.decision = ""
        self.decided_at = None
        self.decision_letter = ""
        self.mediator = None
        self.complainant_accepts_mediator = None
        self.respondent_accepts_mediator = None
        self.panel_chair = None

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=OPEN, target=DisputeStage.WITHDRAWN)
    def withdraw(self, *, by=None, description=""):
        """The complainant withdraws the dispute."""


# How the timeline says the stage's clock stopped and started (the annual report reads the
# paused time from them).
CLOCK_PAUSED = "Clock paused"
CLOCK_RESTARTED = "Clock restarted"


class DisputeEvent(models.Model):
    """One entry in a dispute's timeline: a stage change, a note of contact or a meeting, a
    document, the clock pausing, a reminder. Written by services; never edited."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Dispute raised")
        STAGE = "stage", _("Stage changed")
        NOTE = "note", _("Note")
        CONTACT = "contact", _("Contact with a party")
        MEETING = "meeting", _("Meeting")
        DOCUMENT = "document", _("Document added")
        CLOCK = "clock", _("Clock")
        MEDIATOR = "mediator", _("Mediator")
        PANEL = "panel", _("Arbitration panel")
        DECISION = "decision", _("Decision")
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")
        LETTER = "letter", _("Letter")
        ANSWER = "answer", _("The respondent's answer")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    stage = models.CharField(max_length=20, choices=DisputeStage.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    without_prejudice = models.BooleanField(
        default=False,
        help_text=_(
            "Mediation papers: seen by the parties and the mediator only, and never "
            "part of the arbitration record."
        ),
    )
    occurred_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.dispute.reference}: {self.title}"


class DisputeAnswer(models.Model):
    """The respondent's side of a dispute, asked for when the Champion accepts it, within
    its own working-day limit (`Compact.answer_days`), which the Champion can extend with
    a reason both parties see. Given once; shown beside the complaint, in the API and in
    the panel's papers. An answer given after its due date is marked late."""

    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="answer")
    asked_on = models.DateField()
    due_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    account = models.TextField(
        blank=True, help_text=_("The respondent's account of what happened.")
    )
    accepted = models.ManyToManyField(
        Commitment, blank=True, related_name="+", help_text=_("Commitments it accepts it broke.")
    )
    disputed = models.ManyToManyField(
        Commitment, blank=True, related_name="+", help_text=_("Commitments it says it kept.")
    )
    already_done = models.TextField(blank=True)
    offer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_on"], condition=models.Q(answered_at=None), name="answer_waiting_due"
            )
        ]

    def __str__(self):
        return gettext("Answer to %(reference)s") % {"reference": self.dispute.reference}

    @property
    def is_given(self):
        return self.answered_at is not None


def _document_name(instance, filename):
    # Never the uploader's name: a random name keeps paths unguessable and safe. The folder
    # is the dispute's id: evidence sent with the raise is stored before its reference is.
    return f"disputes/{instance.dispute_id}/{uuid.uuid4().hex}"


class DisputeDocument(models.Model):
    """Evidence and papers, stored privately and served only to those entitled."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to=_document_name, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    stage = models.CharField(max_length=20, choices=DisputeStage.choices)
    without_prejudice = models.BooleanField(default=False)
    answer = models.ForeignKey(
        DisputeAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Sent as evidence with the respondent's answer."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "dispute-document", kwargs={"reference": self.dispute.reference, "pk": self.pk}
        )


class Remedy(models.Model):
    """An action a decision or a mediated agreement asks of one party, with a due date in
    working days, followed up: the party reports it done (with evidence), the complainant
    can say it was not, and the joint body confirms compliance or reopens the dispute.
    Its steps run in `cases.disputes.remedies.RemedyFlow`."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Reported done")
        COMPLIED = "complied", _("Complied")
        NOT_COMPLIED = "not_complied", _("Not complied: dispute reopened")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="remedies")
    owed_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    action = models.TextField()
    working_days = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(blank=True)
    evidence = models.ForeignKey(
        "DisputeDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    challenged_at = models.DateTimeField(null=True, blank=True)
    challenged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    challenge = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name_plural = _("remedies")

    def __str__(self):
        return gettext("%(reference)s: remedy %(number)s") % {
            "reference": self.dispute.reference,
            "number": self.pk,
        }

    def get_absolute_url(self):
        return f"{self.dispute.get_absolute_url()}#remedies"

    @property
    def reference(self):
        return self.dispute.reference

    @property
    def is_settled(self):
        return self.status in (self.Status.COMPLIED, self.Status.NOT_COMPLIED)

    @property
    def is_overdue(self):
        from django.utils import timezone

        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class RemedyProcess(Process):
    """The follow-up of one remedy."""

    remedy = models.ForeignKey(Remedy, on_delete=models.PROTECT, related_name="processes")

    class Meta:
        verbose_name = _("remedy process")
        verbose_name_plural = _("remedy processes")

    def __str__(self):
        return gettext("Follow-up of %(remedy)s") % {"remedy": self.remedy}


class DisputeMessage(models.Model):
    """One message in a dispute's thread between the parties and the Champion (and, in
    mediation, the mediator). Messages the parties or the mediator write during mediation
    are without prejudice: never seen by the Champion or the joint body, never in the
    papers. Never edited."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40)  # how the author took part, as said at the time
    body = models.TextField()
    attachment = models.ForeignKey(
        "DisputeDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=DisputeStage.choices)
    without_prejudice = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["dispute", "created_at"])]

    def __str__(self):
        return gettext("%(reference)s: message %(number)s") % {
            "reference": self.dispute.reference,
            "number": self.pk,
        }


class DisputeDraft(models.Model):
    """A dispute its author has begun and not yet sent: the raise form's answers so far
    (and its evidence, waiting in the form's file storage), kept so that it can be
    finished after signing out. Deleted when sent, when its author deletes it, or
    `DRAFT_DAYS` after it was last saved (its author is reminded a week before)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dispute_drafts"
    )
    title = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict)  # the raise form's stored answers
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-saved_at"]
        indexes = [models.Index(fields=["saved_at"])]

    def __str__(self):
        return self.title or gettext("Draft %(number)s") % {"number": self.pk}

    @property
    def deleted_on(self):
        import datetime

        return (self.saved_at + datetime.timedelta(days=DRAFT_DAYS)).date()


DRAFT_DAYS = 30  # a draft unsaved this long is deleted
DRAFT_REMINDER_DAYS = 7  # its author is reminded this many days before


class DisputeProcess(Process):
    """The run of the dispute procedure for one dispute."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="processes")

    class Meta:
        db_table = "workflows_disputeprocess"  # kept from the workflows app, where it began
        verbose_name = _("dispute process")
        verbose_name_plural = _("dispute processes")

    def __str__(self):
        return gettext("Procedure for %(reference)s") % {"reference": self.dispute.reference}
