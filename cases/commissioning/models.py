"""Commissioning: a statutory body funds or buys a service from the voluntary and
community sector, and the Compact's rules guard each step.

The exercise's stage is a state machine with logged transitions. A step that would break
one of the compact's rules (a consultation shorter than its minimum, a bid window shorter
than its minimum, a funding term shorter than preferred, notice shorter than its minimum)
is refused unless the commissioner records a justification; the departure is then shown
to the voluntary sector, listed for the Champion, and can be turned into a dispute.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from viewflow.workflow.models import Process

from cases.common.storage import private_storage
from cases.register.models import Commitment, Compact, Organisation
from cases.register.selectors import cited_commitments


class ExerciseStage(models.TextChoices):
    """Where a commissioning exercise is."""

    PLANNED = "planned", _("Planned")  # drafted, not yet public
    CONSULTATION = "consultation", _("Consultation")  # asking the sector about needs
    TENDER = "tender", _("Open for bids")  # the opportunity is published
    EVALUATION = "evaluation", _("Evaluation")  # bids closed and opened, being scored
    AWARD = "award", _("Awarded")  # decided; the standstill runs
    REVIEW = "review", _("Service running")  # monitored by proportionate reviews
    DECOMMISSION = "decommission", _("Ending")  # notice given, funding ending
    CLOSED = "closed", _("Closed")  # ended
    CANCELLED = "cancelled", _("Cancelled")  # stopped before award, with reasons

    @classmethod
    def cancellable(cls):
        return [cls.PLANNED, cls.CONSULTATION, cls.TENDER, cls.EVALUATION]

    @classmethod
    def public(cls):
        """Stages the public can see (everything after planning)."""
        return [s for s in cls.values if s != cls.PLANNED]

    @classmethod
    def tracker_steps(cls):
        """The stages as the tenderer's step list shows them, in order."""
        return [
            cls.CONSULTATION,
            cls.TENDER,
            cls.EVALUATION,
            cls.AWARD,
            cls.REVIEW,
            cls.DECOMMISSION,
            cls.CLOSED,
        ]


class FundingType(models.TextChoices):
    GRANT = "grant", _("Grant")
    SLA = "sla", _("Service level agreement")
    CONTRACT = "contract", _("Contract")


class Exercise(models.Model):
    """A commissioning exercise: consult, tender, award, review and decommission."""

    reference = models.CharField(max_length=20, unique=True)
    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="exercises")
    commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exercises"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exercises_created"
    )
    title = models.CharField(max_length=200)
    service = models.TextField(_("The service"))
    outcomes = models.TextField(_("Outcomes sought"))
    funding_type = models.CharField(max_length=20, choices=FundingType.choices)
    estimated_value = models.DecimalField(
        _("Estimated value (£)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    term_years = models.PositiveSmallIntegerField(
        _("Term (years)"), validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    full_cost_recovery = models.BooleanField(
        _("Full cost recovery expected"),
        default=True,
        help_text=_("Bids may include a fair share of overheads as well as direct costs."),
    )
    stage = FSMField(default=ExerciseStage.PLANNED, choices=ExerciseStage.choices)

    # When the followers were told that bidding, and the consultation, had closed.
    bids_closed_alerted_at = models.DateTimeField(null=True, blank=True)
    consultation_closed_alerted_at = models.DateTimeField(null=True, blank=True)
    # The tender pack's named contact, given when the opportunity is published.
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    consultation_opens_on = models.DateField(null=True, blank=True)
    consultation_closes_on = models.DateField(null=True, blank=True)
    consultation_summary = models.TextField(_("What we heard and what we changed"), blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    tender_opens_on = models.DateField(null=True, blank=True)
    bids_close_at = models.DateTimeField(null=True, blank=True)
    bids_opened_at = models.DateTimeField(null=True, blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    standstill_ends_on = models.DateField(null=True, blank=True)
    service_starts_on = models.DateField(null=True, blank=True)
    service_ends_on = models.DateField(null=True, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    decommission_reasons = models.TextField(blank=True)
    impact_on_users = models.TextField(_("Impact on service users"), blank=True)
    cancel_reasons = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage", "bids_close_at"])]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("exercise-detail", kwargs={"reference": self.reference})

    @property
    def is_public(self) -> bool:
        """Has the public ever seen it? Not while planned, nor once cancelled while still
        planned (no consultation opened, no opportunity published)."""
        if self.stage == ExerciseStage.PLANNED:
            return False
        if self.stage == ExerciseStage.CANCELLED:
            return self.consultation_opens_on is not None or self.tender_opens_on is not None
        return True

    @classmethod
    def published_q(cls):
        """`is_public` as a query condition."""
        return ~models.Q(stage=ExerciseStage.PLANNED) & ~models.Q(
            stage=ExerciseStage.CANCELLED,
            consultation_opens_on__isnull=True,
            tender_opens_on__isnull=True,
        )

    @property
    def bids_are_sealed(self):
        """Bids stay sealed to the commissioner until the window has closed and they are
        opened."""
        return self.bids_opened_at is None

    def value_on(self, day):
        """The funding's value in effect on a day: the estimate, or the latest reduction
        taking effect by then."""
        last = self.changes.filter(effective_on__lte=day).order_by("-effective_on", "-id").first()
        return last.value_after if last else self.estimated_value

    @property
    def current_value(self):
        """The funding's value in effect today."""
        return self.value_on(timezone.localdate())

    def has_summary(self):
        return self.summary_published_at is not None

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.PLANNED, target=ExerciseStage.CONSULTATION)
    def open_consultation(self, *, by=None, description=""):
        """The commissioner asks the voluntary sector about needs and outcomes."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=stage,
        source=[ExerciseStage.PLANNED, ExerciseStage.CONSULTATION],
        target=ExerciseStage.TENDER,
    )
    def publish_tender(self, *, by=None, description=""):
        """The opportunity is published and bids are invited."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.TENDER, target=ExerciseStage.EVALUATION)
    def open_bids(self, *, by=None, description=""):
        """The bid window has closed; the bids are opened and evaluated."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.EVALUATION, target=ExerciseStage.AWARD)
    def award(self, *, by=None, description=""):
        """The commissioner awards the funding; every bidder is told; the standstill runs."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.AWARD, target=ExerciseStage.REVIEW)
    def start_service(self, *, by=None, description=""):
        """The standstill has ended and the service runs, with proportionate reviews."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.REVIEW, target=ExerciseStage.DECOMMISSION)
    def give_notice(self, *, by=None, description=""):
        """The commissioner gives written notice that the funding will end."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.DECOMMISSION, target=ExerciseStage.CLOSED)
    def close(self, *, by=None, description=""):
        """The funding has ended."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ExerciseStage.cancellable(), target=ExerciseStage.CANCELLED)
    def cancel(self, *, by=None, description=""):
        """The commissioner stops the exercise before any award, giving reasons."""


class Departure(models.Model):
    """A step the commissioner took against one of the compact's rules, with the
    justification recorded. Shown to the sector; the Champion reviews each one."""

    class Rule(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation shorter than the minimum")
        NO_CONSULTATION = "no_consultation", _("No consultation before the opportunity")
        BID_WINDOW = "bid_window", _("Bid window shorter than the minimum")
        TERM = "term", _("Funding term shorter than preferred")
        NOTICE = "notice", _("Notice shorter than the minimum")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="departures")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    required = models.CharField(max_length=100)
    actual = models.CharField(max_length=100)
    justification = models.TextField()
    commitment = models.ForeignKey(
        Commitment, on_delete=models.SET_NULL, null=True, blank=True, related_name="departures"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_notes = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The amendment that made it, for one recorded when a published opportunity changed.
    amendment = models.ForeignKey(
        "Amendment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.exercise.reference}: {self.get_rule_display()}"

    @property
    def cited(self):
        """The commitment it departs from, in its words when the departure was recorded."""
        if self.commitment is None:
            return None
        return cited_commitments([self.commitment], self.created_at)[0]


class ConsultationQuestion(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:60]


class ConsultationResponse(models.Model):
    """One organisation's answers to a consultation."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultation_responses"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "organisation"], name="one_response_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} on {self.exercise.reference}"


class Clarification(models.Model):
    """A bidder's question and the commissioner's answer, visible to every bidder. The
    asker is not shown to other bidders."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="clarifications")
    asked_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="clarifications_asked"
    )
    question = models.TextField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.question[:60]


class BidStatus(models.TextChoices):
    """Where a bid is, from the tenderer's side."""

    DRAFT = "draft", _("Draft")  # being written, not sent
    SUBMITTED = "submitted", _("Submitted")  # sent, sealed until the window closes
    WITHDRAWN = "withdrawn", _("Withdrawn")  # taken back by the bidder before the close
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
    AWARDED = "awarded", _("Awarded")


class Bid(models.Model):
    """One organisation's bid for an exercise. Replacing a bid before the close edits it
    (each version is logged); withdrawing takes it out of the evaluation."""

    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="bids")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(default=BidStatus.DRAFT, choices=BidStatus.choices)
    proposal = models.TextField(blank=True)
    direct_costs = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    overheads = models.DecimalField(
        _("Share of overheads"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Full cost recovery: a fair share of the organisation's running costs."),
    )
    version = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    evaluation_notes = models.TextField(blank=True)
    feedback = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "organisation"], name="one_bid_each")
        ]
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.organisation} for {self.exercise.reference}"

    def get_absolute_url(self):
        return reverse("bid-detail", kwargs={"pk": self.pk})

    @property
    def total(self):
        if self.direct_costs is None:
            return None
        return self.direct_costs + (self.overheads or 0)

    def window_is_open(self):
        return (
            self.exercise.stage == ExerciseStage.TENDER
            and self.exercise.tender_opens_on is not None
            and self.exercise.tender_opens_on <= timezone.localdate()
            and self.exercise.bids_close_at is not None
            and timezone.now() < self.exercise.bids_close_at
        )

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[BidStatus.DRAFT, BidStatus.SUBMITTED, BidStatus.WITHDRAWN],
        target=BidStatus.SUBMITTED,
        conditions=[window_is_open],
    )
    def submit(self, *, by=None, description=""):
        """The bidder sends the bid, or a replacement, before the window closes."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=BidStatus.SUBMITTED,
        target=BidStatus.WITHDRAWN,
        conditions=[window_is_open],
    )
    def withdraw(self, *, by=None, description=""):
        """The bidder takes the bid back before the window closes."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=BidStatus.SUBMITTED, target=BidStatus.AWARDED)
    def mark_awarded(self, *, by=None, description=""):
        """The bid won."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=BidStatus.SUBMITTED, target=BidStatus.UNSUCCESSFUL)
    def mark_unsuccessful(self, *, by=None, description=""):
        """The bid did not win."""


class BidPartner(models.Model):
    """A partner in a consortium bid: another voluntary organisation bidding with the lead
    (the bid's organisation). Its people see the bid and follow its tracker; only the
    lead's change it."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnered_bids"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "organisation"], name="one_partner_a_bid")
        ]

    def __str__(self):
        return f"{self.organisation} with {self.bid}"


def _bid_document_name(instance, filename):
    return f"bids/{instance.bid.exercise.reference}/{uuid.uuid4().hex}"


class BidDocument(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to=_bid_document_name, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class Amendment(models.Model):
    """A change to a published opportunity, with its reason: a document added, the
    closing date moved. Every organisation with a bid is told; the history is public."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="amendments")
    what = models.CharField(max_length=300)
    reason = models.TextField()
    # A closing date moved: from and to (so a release made before it keeps the old one).
    closes_before = models.DateTimeField(null=True, blank=True)
    closes_after = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self):
        return f"{self.exercise.reference}: {self.what}"


def _exercise_document_name(instance, filename):
    return f"exercises/{instance.exercise.reference}/{uuid.uuid4().hex}"


class ExerciseDocument(models.Model):
    """A document of the tender pack (the specification, the draft agreement): public with
    the exercise once it is published. Added after publication, it is an amendment."""

    class Kind(models.TextChoices):
        SPECIFICATION = "specification", _("Specification")
        AGREEMENT = "agreement", _("Draft agreement")
        OTHER = "other", _("Other document")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(
        storage=private_storage, upload_to=_exercise_document_name, max_length=300
    )
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time key: the same form sent twice adds the document once.
    submission_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="one_document_a_submission",
            )
        ]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """How bids are scored: a criterion and its weight. An exercise's weights add up to
    100; each bid's score is the weighted sum of its scores on them."""

    MAX = 8  # criteria an exercise may have

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class BidScore(models.Model):
    """A bid's score on one criterion, from 0 to 100."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_score_a_criterion")
        ]

    def __str__(self):
        return f"{self.bid}: {self.criterion.name} {self.score}"


class BidLetter(models.Model):
    """The result letter each bidder receives, as an accessible PDF."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="letter")
    file = models.FileField(storage=private_storage, upload_to="letters/", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Letter to {self.bid.organisation}"


class Review(models.Model):
    """A monitoring review of a running service, proportionate to its value."""

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        APPROACHING = "approaching", _("Approaching target")
        IMPROVE = "requires_improvement", _("Requires improvement")
        INADEQUATE = "inadequate", _("Inadequate")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="reviews")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    rating = models.CharField(max_length=30, choices=Rating.choices, blank=True)
    notes = models.TextField(blank=True)
    provider_response = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"Review of {self.bid.organisation} due {self.due_on}"


class FundingChange(models.Model):
    """Written notice that a running service's funding falls from a date: the same notice
    guard and reasons as an ending (the Compact's notice applies to changes in funding,
    not only to endings). The provider is told; the exercise keeps every change."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="changes")
    effective_on = models.DateField(_("Takes effect on"))
    value_before = models.DecimalField(max_digits=12, decimal_places=2)
    value_after = models.DecimalField(
        _("New value (£)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reasons = models.TextField()
    impact = models.TextField(_("Impact on service users"))
    given_on = models.DateField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["given_on", "id"]

    def __str__(self):
        return f"{self.exercise.reference}: funding falls from {self.effective_on}"


class ExerciseEvent(models.Model):
    """The exercise's public timeline and audit trail of non-transition changes."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class ExerciseProcess(Process):
    """The commissioner's steps of one commissioning exercise."""

    exercise = models.ForeignKey(
        "cases.Exercise", on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        db_table = "workflows_exerciseprocess"  # kept from the workflows app, where it began
        verbose_name = _("commissioning process")
        verbose_name_plural = _("commissioning processes")

    def __str__(self):
        return f"Procedure for {self.exercise.reference}"


class DepartureProcess(Process):
    """The Champion's review of one departure from the Compact."""

    departure = models.ForeignKey(
        "cases.Departure", on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        db_table = "workflows_departureprocess"  # kept from the workflows app, where it began
        verbose_name = _("departure review")

    def __str__(self):
        return f"Review of {self.departure}"


class Alert(models.Model):
    """Someone follows opportunities and consultations: of one compact or all, of a kind
    of funding or any, with words to look for or none. They are e-mailed (and notified)
    when a matching consultation or opportunity opens, changes or is cancelled, and can
    stop from any of those e-mails in one click."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    compact = models.ForeignKey(
        Compact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    funding_type = models.CharField(max_length=20, choices=FundingType.choices, blank=True)
    keywords = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["compact"])]

    def __str__(self):
        return f"Alert for {self.user}: {self.describe()}"

    def words(self) -> list[str]:
        return [w for w in self.keywords.replace(",", " ").split() if w]

    def describe(self) -> str:
        parts = [self.compact.name if self.compact_id else gettext("every compact")]
        if self.funding_type:
            parts.append(self.get_funding_type_display().lower())
        if self.keywords:
            parts.append(gettext("mentioning %(words)s") % {"words": self.keywords})
        return ", ".join(parts)

    def matches(self, exercise) -> bool:
        if self.compact_id and self.compact_id != exercise.compact_id:
            return False
        if self.funding_type and self.funding_type != exercise.funding_type:
            return False
        words = self.words()
        if not words:
            return True
        text = f"{exercise.title} {exercise.service} {exercise.outcomes}".lower()
        return any(word in text for word in words)
