"""The Compact register: compacts, their rules, organisations, people and signatories.

Every other record in the service (disputes, commissioning exercises, tasks) hangs off these.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from cases.common.working_days import Nation


class Sector(models.TextChoices):
    """The two sides of every compact."""

    STATUTORY = "statutory", _("Statutory sector")  # council, NHS, police, fire, colleges
    VCS = "vcs", _("Voluntary and community sector")  # charities, community groups, CVSs


class Undertaker(models.TextChoices):
    """Which side gives a commitment."""

    STATUTORY = "statutory", _("Statutory sector")
    VCS = "vcs", _("Voluntary and community sector")
    BOTH = "both", _("Both sectors")


class Code(models.TextChoices):
    """The codes of practice that group a compact's commitments."""

    PARTNERSHIP = "partnership", _("Shared principles and partnership working")
    FUNDING = "funding", _("Funding and commissioning")
    CONSULTATION = "consultation", _("Consultation and policy development")
    COMMUNICATION = "communication", _("Communication and information")
    VOLUNTEERING = "volunteering", _("Volunteering")
    EQUALITY = "equality", _("Black and minority ethnic groups and equality")
    COMMUNITY_GROUPS = "community_groups", _("Community groups")
    MONITORING = "monitoring", _("Monitoring, review and disputes")


class Country(models.TextChoices):
    """Where a compact's area is: what its public pages say (its bank holidays are `nation`:
    Wales keeps England's)."""

    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Languages(models.TextChoices):
    """The languages a compact works in. A compact in Wales writes its e-mails and letters in
    Welsh and English, Welsh first (Welsh Language Standards)."""

    ENGLISH = "en", _("English")
    WELSH_AND_ENGLISH = "cy-en", _("Welsh and English")


def _days(default, *, maximum=250):
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(maximum)]
    )


class Compact(models.Model):
    """A local agreement between the statutory and the voluntary and community sectors."""

    slug = models.SlugField(unique=True)
    prefix = models.CharField(
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Enter three capital letters, like SWA"))],
        help_text=_("Three capital letters that start every case reference, like SWA-D-2026-0007."),
    )
    name = models.CharField(max_length=200)
    area = models.CharField(max_length=200)
    country = models.CharField(
        max_length=20, choices=Country.choices, default=Country.ENGLAND, verbose_name=_("Country")
    )
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        help_text=_("Whose bank holidays the working-day clock skips."),
    )
    languages = models.CharField(
        max_length=5,
        choices=Languages.choices,
        default=Languages.ENGLISH,
        verbose_name=_("Languages"),
        help_text=_("For Welsh and English, e-mails and letters go out in both, Welsh first."),
    )
    joint_body_name = models.CharField(
        max_length=200,
        default="Joint Liaison Committee",
        help_text=_("What this compact calls its joint body, like Joint Liaison Committee."),
    )
    summary = models.TextField(blank=True)
    adopted_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The file the compact's text came from: kept for the service's own records, never
    # shown on the public pages.
    source_document = models.CharField(max_length=200, blank=True)
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="champion_of",
        help_text=_("The Compact Champion: triages disputes and reviews sign-up requests."),
    )

    # The compact's rules. The seeds give few numbers; these defaults follow the national
    # Compact (12-week consultations, 3 months' notice, 3-year funding) and public complaint
    # standards (20 working days a stage). Each compact can change them.
    triage_days = _days(5, maximum=60)
    # The respondent's answer to an accepted dispute (the ombudsmen ask for a formal
    # response within about two weeks).
    answer_days = _days(10, maximum=60)
    informal_stage_days = _days(20)
    mediation_stage_days = _days(20)
    arbitration_stage_days = _days(20)
    reminder_working_days = _days(3, maximum=20)
    min_consultation_weeks = _days(12, maximum=52)
    # Publishing an opportunity straight from planning, with no consultation, is a
    # departure from the Compact the commissioner must justify.
    consultation_expected = models.BooleanField(default=True)
    # Result letters give the winning bid's score beside the winner's name.
    publish_winning_score = models.BooleanField(default=False)
    min_bid_window_days = _days(30, maximum=180)
    min_notice_months = _days(3, maximum=24)
    preferred_term_years = _days(3, maximum=10)
    standstill_working_days = _days(10, maximum=60)

    joint_body_terms = models.TextField(
        _("The joint body's terms of reference"),
        blank=True,
        help_text=_("What the joint body is for, who sits on it and how it decides."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Every change to the rules and the terms of reference is kept (`Compact.history`,
    # django-simple-history, registered in cases.register.translation after the Welsh
    # fields so the history keeps both languages), and a change made through
    # `services.compact_amend` is a numbered `CompactVersion`.

    RULE_FIELDS = (
        "triage_days",
        "answer_days",
        "informal_stage_days",
        "mediation_stage_days",
        "arbitration_stage_days",
        "reminder_working_days",
        "min_consultation_weeks",
        "consultation_expected",
        "publish_winning_score",
        "min_bid_window_days",
        "min_notice_months",
        "preferred_term_years",
        "standstill_working_days",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("compact")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("compact-detail", kwargs={"slug": self.slug})

    @property
    def mail_languages(self) -> tuple[str, ...]:
        """The languages its e-mails and letters are written in, in order."""
        if self.languages == Languages.WELSH_AND_ENGLISH:
            return ("cy", settings.LANGUAGE_CODE)
        return (settings.LANGUAGE_CODE,)

    def stage_limit(self, stage: str) -> int | None:
        """Working days allowed for a dispute stage, or None for a stage with no clock."""
        return {
            "submitted": self.triage_days,
            "informal": self.informal_stage_days,
            "mediation": self.mediation_stage_days,
            "arbitration": self.arbitration_stage_days,
        }.get(stage)


class Organisation(models.Model):
    """A statutory body or a voluntary and community organisation.

    Holds the core details a VCS group would otherwise retype on every application
    (the Nottinghamshire seed's database of VCS core details).
    """

    class LegalForm(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        HEALTH = "health", _("NHS body")
        POLICE = "police", _("Police")
        FIRE = "fire", _("Fire and rescue")
        EDUCATION = "education", _("College or university")
        OTHER_PUBLIC = "other_public", _("Other public body")
        CHARITY = "charity", _("Registered charity")
        CIO = "cio", _("Charitable incorporated organisation")
        COMPANY = "company", _("Company limited by guarantee")
        CIC = "cic", _("Community interest company")
        COMMUNITY_GROUP = "community_group", _("Unincorporated community group")
        INFRASTRUCTURE = "infrastructure", _("Council for voluntary service or umbrella body")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, max_length=220)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    legal_form = models.CharField(max_length=30, choices=LegalForm.choices, blank=True)
    charity_number = models.CharField(_("Charity number"), max_length=20, blank=True)
    company_number = models.CharField(_("Company number"), max_length=20, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    purpose = models.TextField(_("What the organisation does"), blank=True)
    area_of_benefit = models.CharField(max_length=200, blank=True)
    beneficiaries = models.CharField(_("Who it serves"), max_length=300, blank=True)
    year_established = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    annual_income = models.PositiveIntegerField(_("Annual income (£)"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("Paid staff"), null=True, blank=True)
    volunteer_count = models.PositiveIntegerField(_("Volunteers"), null=True, blank=True)
    has_safeguarding_policy = models.BooleanField(default=False)
    has_equality_policy = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation-detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person who works or volunteers for an organisation and acts for it here."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")  # may raise disputes and bid for the organisation
        COMMISSIONER = "commissioner", _("Commissioner")  # runs commissioning (statutory only)
        ADMINISTRATOR = "administrator", _("Administrator")  # keeps the organisation's details

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(max_length=200, blank=True)
    is_contact = models.BooleanField(
        default=False,
        help_text=_("Receives notices for the organisation, such as a dispute raised against it."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_each")
        ]
        ordering = ["organisation__name", "user__last_name"]

    def __str__(self):
        return f"{self.user} at {self.organisation}"


class JointBodyMember(models.Model):
    """A seat on a compact's joint body (for example its Joint Liaison Committee)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")  # Swansea shares the chair between the sectors

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="joint_body")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="joint_body_seats"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="joint_body_seats",
        help_text=_("The organisation the member represents; it sets the member's sector."),
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(null=True, blank=True)
    term_ends_on = models.DateField(
        null=True, blank=True, help_text=_("When the member's term on the joint body ends.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "user"], name="one_seat_per_compact")
        ]
        ordering = ["compact", "-role", "user__last_name"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.compact})"

    @property
    def sector(self):
        return self.organisation.sector

    @property
    def is_chair(self):
        return self.role in (self.Role.CHAIR, self.Role.CO_CHAIR)


class Mediator(models.Model):
    """An independent mediator on a compact's roster, kept by its joint body."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="mediators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediator_for"
    )
    accreditation = models.CharField(max_length=200, blank=True)
    profile = models.TextField(
        blank=True,
        max_length=1000,
        help_text=_("A short profile the parties read before accepting the mediator."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["compact", "user"], name="one_roster_entry")]
        ordering = ["compact", "user__last_name"]

    def __str__(self):
        return f"{self.user} (mediator, {self.compact})"


class DataProtectionOfficer(models.Model):
    """A person who answers for personal data (UK GDPR): for one compact, or for the whole
    service (no compact). They read who looked at confidential records, keep the retention
    schedule, export what is held about a person and erase a person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_protection_for"
    )
    compact = models.ForeignKey(
        Compact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_protection_officers",
        help_text=_("Leave empty for the whole service."),
    )
    appointed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "compact"],
                condition=models.Q(compact__isnull=False),
                name="one_data_protection_seat",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(compact__isnull=True),
                name="one_service_data_protection_seat",
            ),
        ]
        ordering = ["compact__name", "user__last_name"]
        verbose_name = _("data protection officer")

    def __str__(self):
        return f"{self.user} (data protection, {self.compact or 'the whole service'})"


class AccessEvent(models.Model):
    """Someone read a confidential record: a dispute, its papers or letter, a bid after the
    bids were opened, or a bid's letter (who, when, what). Written as the record is shown;
    the Champion and the data protection officer read them (`cases.privacy`)."""

    class Kind(models.TextChoices):
        DISPUTE = "dispute", _("Dispute")
        DISPUTE_DOCUMENT = "dispute_document", _("Dispute document")
        DISPUTE_PAPERS = "dispute_papers", _("Dispute papers")
        DECISION_LETTER = "decision_letter", _("Decision letter")
        BID = "bid", _("Bid")
        BID_DOCUMENT = "bid_document", _("Bid document")
        BID_LETTER = "bid_letter", _("Bid result letter")

    class Via(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The case's reference (a dispute's, or an exercise's for a bid), and the record within
    # it in words ("Evidence: invoice.pdf", "Gower Befriending Service's bid").
    reference = models.CharField(max_length=40)
    what = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=4, choices=Via.choices, default=Via.PAGE)
    at = models.DateTimeField(db_default=models.functions.Now())

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["reference", "-at"], name="access_by_case"),
            models.Index(fields=["compact", "-at"], name="access_by_compact"),
            models.Index(fields=["user", "-at"], name="access_by_person"),
        ]

    def __str__(self):
        return f"{self.user} read {self.reference} {self.what}".strip()


class CurrentSignatories(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(left_on__isnull=True)


class Signatory(models.Model):
    """An organisation that has signed a compact: one row of its public register. An
    organisation renews its signature from time to time, and may leave (a former
    signatory keeps its row, with when and why it left); each is a `SignatoryChange`."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_on = models.DateField()
    signed_by_name = models.CharField(max_length=200, blank=True)
    signed_by_position = models.CharField(max_length=200, blank=True)
    renewed_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    left_reason = models.TextField(blank=True)

    objects = models.Manager()
    current = CurrentSignatories()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "organisation"], name="signs_once")
        ]
        ordering = ["organisation__name"]
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.organisation} signed {self.compact} on {self.signed_on}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class SignatoryChange(models.Model):
    """A signatory joined, renewed its signature or left, on a day, and why."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined")
        RENEWED = "renewed", _("Renewed")
        LEFT = "left", _("Left")

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField()
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self):
        return f"{self.signatory.organisation} {self.get_kind_display().lower()} on {self.on}"


class Commitment(models.Model):
    """One clause of a compact's codes of practice: what one sector undertakes to do."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="commitments")
    ref = models.CharField(_("Reference"), max_length=12)
    code = models.CharField(max_length=30, choices=Code.choices)
    title = models.CharField(max_length=120)
    text = models.TextField()
    undertaken_by = models.CharField(max_length=20, choices=Undertaker.choices)
    source_section = models.CharField(
        max_length=200, blank=True, help_text=_("Where in the compact's document this comes from.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    # A commitment taken out of the Compact is kept (disputes cite it) but no longer in force.
    in_force = models.BooleanField(default=True)

    # `Commitment.history`: registered with the Welsh fields in cases.register.translation.

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "ref"], name="commitment_ref_unique")
        ]
        ordering = ["compact", "position", "ref"]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def get_absolute_url(self):
        return reverse("commitment-detail", kwargs={"slug": self.compact.slug, "ref": self.ref})


class CompactVersion(models.Model):
    """A numbered version of a compact: its commitments, rules and terms of reference as
    they stood once a change was made (who, when, why). The text of each version is read
    from the records' history (`selectors.compact_as_at`)."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    # What changed, in words, for the list of versions (the difference is read from history).
    summary = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "number"], name="one_version_number")
        ]
        ordering = ["compact", "-number"]

    def __str__(self):
        return f"{self.compact} version {self.number}"

    def get_absolute_url(self):
        return reverse("compact-version", kwargs={"slug": self.compact.slug, "number": self.number})


class SignupRequest(models.Model):
    """An organisation asking to sign a compact, through the sign-up pro forma.

    The Champion approves it, which adds the organisation to the public register, or
    declines it with a reason the applicant is told.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the Champion")  # submitted, not yet decided
        APPROVED = "approved", _("Approved")  # the organisation is now a signatory
        DECLINED = "declined", _("Declined")  # refused, with a reason given

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="signup_requests")
    reference = models.CharField(max_length=20, unique=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup_requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup_requests",
        help_text=_("Filled in when the request comes from, or creates, a known organisation."),
    )
    organisation_name = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    legal_form = models.CharField(max_length=30, choices=Organisation.LegalForm.choices)
    charity_number = models.CharField(max_length=20, blank=True)
    address = models.TextField()
    postcode = models.CharField(max_length=10)
    purpose = models.TextField()
    contact_name = models.CharField(max_length=200)
    contact_position = models.CharField(max_length=200)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=30, blank=True)
    governing_body = models.CharField(
        _("Who agreed to adopt the Compact"),
        max_length=200,
        help_text=_("The board, trustees or management committee that agreed to sign."),
    )
    governing_body_agreed = models.BooleanField(default=False)
    agrees_to_principles = models.BooleanField(default=False)
    understands_not_binding = models.BooleanField(default=False)
    contributions = models.TextField(_("Comments or suggestions"), blank=True)
    submission_key = models.CharField(
        max_length=64,
        unique=True,
        help_text=_("Identifies one filled-in form, so a double submit makes one request."),
    )
    status = FSMField(default=Status.PENDING, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference}: {self.organisation_name} to sign {self.compact}"

    def get_absolute_url(self):
        return reverse("signup-request-detail", kwargs={"reference": self.reference})

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self, *, by=None, description=""):
        """The Champion accepts the organisation as a signatory of the compact."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.PENDING, target=Status.DECLINED)
    def decline(self, *, by=None, description=""):
        """The Champion declines the request and says why."""


class ReferenceCounter(models.Model):
    """The last number given to a compact's references of one kind in one year (disputes
    "D", sign-up requests "S", exercises "C"): `cases.register.references`."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=1)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "kind", "year"], name="one_counter")
        ]

    def __str__(self):
        return f"{self.compact_id} {self.kind} {self.year}: {self.last}"


class AuditEvent(models.Model):
    """A record of a change someone made that is not a state transition (those are in
    django-fsm-log's StateLog): an edit of a compact's rules, a joint body seat, and so on.
    Written by services in the same transaction as the change; never edited."""

    compact = models.ForeignKey(
        Compact, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=100)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor}: {self.action} {self.object_repr}"
