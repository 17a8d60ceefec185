"""Forms for the register's pages. They collect and check input; services do the writing."""

import secrets

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from cases.models import (
    Code,
    Commitment,
    Compact,
    Organisation,
    Sector,
    SignupRequest,
    Undertaker,
)
from cases.services import ORGANISATION_DETAIL_FIELDS, SIGNUP_PLEDGES


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class SignupRequestForm(forms.ModelForm):
    """The sign-up pro forma: an organisation asks to sign a compact."""

    submission_key = forms.CharField(widget=forms.HiddenInput)
    governing_body_agreed = forms.BooleanField(
        label="Our governing body has agreed to adopt the Compact",
        error_messages={"required": SIGNUP_PLEDGES["governing_body_agreed"]},
    )
    agrees_to_principles = forms.BooleanField(
        label="We will uphold the Compact in our own organisation and with other signatories",
        error_messages={"required": SIGNUP_PLEDGES["agrees_to_principles"]},
    )
    understands_not_binding = forms.BooleanField(
        label="We understand the Compact is a statement of intent, not a legal contract",
        error_messages={"required": SIGNUP_PLEDGES["understands_not_binding"]},
    )

    class Meta:
        model = SignupRequest
        fields = [
            "organisation_name",
            "sector",
            "legal_form",
            "charity_number",
            "address",
            "postcode",
            "purpose",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "governing_body",
            "governing_body_agreed",
            "agrees_to_principles",
            "understands_not_binding",
            "contributions",
        ]
        labels = {
            "organisation_name": "Name of the organisation",
            "sector": "Which sector is the organisation in?",
            "legal_form": "What kind of organisation is it?",
            "charity_number": "Charity number (if it has one)",
            "address": "Address",
            "postcode": "Postcode",
            "purpose": "What does the organisation do?",
            "contact_name": "Full name",
            "contact_position": "Position in the organisation",
            "contact_email": "Email address",
            "contact_phone": "Phone number (optional)",
            "governing_body": "Who agreed to sign up?",
            "contributions": "Comments or suggestions for the Compact (optional)",
        }
        help_texts = {
            "purpose": "In a sentence or two: its aims and who it works with.",
            "contact_email": "We will use this to tell you when the Champion has decided.",
            "contact_position": "For example, chair, director or chief officer.",
            "governing_body": "For example, the board of trustees or the management committee.",
        }
        error_messages = {
            "organisation_name": {"required": "Enter the name of the organisation"},
            "sector": {"required": "Select the organisation's sector"},
            "legal_form": {"required": "Select what kind of organisation it is"},
            "address": {"required": "Enter the organisation's address"},
            "postcode": {"required": "Enter the organisation's postcode"},
            "purpose": {"required": "Enter what the organisation does"},
            "contact_name": {"required": "Enter your full name"},
            "governing_body": {"required": "Enter who agreed to sign up, like the board"},
            "contact_position": {"required": "Enter your position in the organisation"},
            "contact_email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
        }
        widgets = {
            "sector": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "contributions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = Sector.choices
        self.fields["legal_form"].choices = [("", "Select one")] + list(
            Organisation.LegalForm.choices
        )
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_urlsafe(24))
        self.helper = _helper(
            "submission_key",
            Fieldset(
                Field.text("organisation_name"),
                Field.radios("sector", legend_size=Size.SMALL),
                Field.select("legal_form"),
                Field.text("charity_number", field_width=10),
                Field.textarea("address", rows=3),
                Field.text("postcode", field_width=10),
                Field.textarea("purpose", rows=4),
                legend="About the organisation",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("contact_name"),
                Field.text("contact_position"),
                Field.text("contact_email"),
                Field.text("contact_phone", field_width=20),
                legend="About you",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("governing_body"),
                Field.checkbox("governing_body_agreed"),
                Field.checkbox("agrees_to_principles"),
                Field.checkbox("understands_not_binding"),
                Field.textarea("contributions", rows=3),
                legend="Signing up",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the request declined?",
        help_text="The applicant is sent this reason.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the reason the request is declined"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=4))


class CompactRulesForm(forms.ModelForm):
    class Meta:
        model = Compact
        fields = list(Compact.RULE_FIELDS)
        labels = {
            "triage_days": "Champion's first look at a new dispute (working days)",
            "informal_stage_days": "Informal resolution (working days)",
            "mediation_stage_days": "Mediation (working days)",
            "arbitration_stage_days": "Arbitration (working days)",
            "reminder_working_days": "Remind the holder this many working days before a due date",
            "min_consultation_weeks": "Shortest written consultation (weeks)",
            "min_bid_window_days": "Shortest bid window (calendar days)",
            "min_notice_months": "Least notice before funding ends or falls (months)",
            "preferred_term_years": "Preferred funding term (years)",
            "standstill_working_days": "Standstill after an award (working days)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = (
                f"Enter the {field.label[0].lower()}{field.label[1:]}"
            )
            field.widget.attrs["inputmode"] = "numeric"
        self.helper = _helper(*[Field.text(name, field_width=4) for name in self.fields])


class OrganisationDetailsForm(forms.ModelForm):
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_DETAIL_FIELDS)
        labels = {
            "has_safeguarding_policy": "It has a safeguarding policy",
            "has_equality_policy": "It has an equality and diversity policy",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                layout.append(Field.checkbox(name))
            elif isinstance(field.widget, forms.Select):
                layout.append(Field.select(name))
            elif isinstance(field.widget, forms.Textarea):
                layout.append(Field.textarea(name, rows=3))
            else:
                layout.append(Field.text(name))
        self.helper = _helper(*layout)


class CommitmentFilterForm(forms.Form):
    code = forms.ChoiceField(
        label="Code of practice", required=False, choices=[("", "All codes")] + Code.choices
    )
    undertaken_by = forms.ChoiceField(
        label="Who undertakes it",
        required=False,
        choices=[("", "Either sector")] + Undertaker.choices,
    )
    q = forms.CharField(label="Search", required=False, max_length=100)


class SignatoryFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label="Sector", required=False, choices=[("", "Both sectors")] + Sector.choices
    )
    q = forms.CharField(label="Organisation name", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("name", "Name (A to Z)"),
            ("-name", "Name (Z to A)"),
            ("-signed", "Newest signatories first"),
            ("signed", "Oldest signatories first"),
        ],
    )


# Raising a dispute: one question a page (GOV.UK question pages), then check your answers.


class _Step(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(*self.layout())

    def layout(self):
        return list(self.fields)


class DisputeCompactForm(_Step):
    title = "Which compact is the dispute under?"
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.none(),
        widget=forms.RadioSelect,
        label=title,
        empty_label=None,
        error_messages={"required": "Select the compact the dispute is under"},
    )

    def __init__(self, *args, compacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].queryset = compacts
        self.helper = _helper(Field.radios("compact", legend_size=Size.LARGE, legend_tag="h1"))


class DisputeOrganisationForm(_Step):
    title = "Which of your organisations is raising the dispute?"
    complainant = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        label=title,
        empty_label=None,
        error_messages={"required": "Select the organisation raising the dispute"},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complainant"].queryset = organisations
        self.helper = _helper(Field.radios("complainant", legend_size=Size.LARGE, legend_tag="h1"))


class DisputeRespondentForm(_Step):
    title = "Which organisation is the dispute with?"
    respondent = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=title,
        help_text="Only organisations that have signed the compact are listed.",
        empty_label="Select an organisation",
        error_messages={"required": "Select the organisation the dispute is with"},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = organisations
        self.helper = _helper(Field.select("respondent", label_size=Size.LARGE, label_tag="h1"))


class DisputeCommitmentsForm(_Step):
    title = "Which commitments were broken?"
    commitments = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=title,
        help_text="Select all that apply.",
        error_messages={"required": "Select the commitments you say were broken"},
    )

    def __init__(self, *args, commitments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = commitments
        self.fields["commitments"].label_from_instance = lambda c: f"{c.ref}: {c.title}"
        self.helper = _helper(
            Field.checkboxes("commitments", legend_size=Size.LARGE, legend_tag="h1")
        )


class DayMonthYearField(DateInputField):
    """GOV.UK's date input, saying in plain English when the date is not a real one."""

    def compress(self, data_list):
        if any(len(str(part or "")) > 4 for part in data_list):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            value = super().compress(data_list)
        except (forms.ValidationError, OverflowError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if value is not None and not (1900 <= value.year <= 2100):
            # Casework dates are in living memory or the next few decades; a year like 9999
            # is a slip of the keyboard (and would overflow the working-day clock).
            raise forms.ValidationError("Enter a year between 1900 and 2100", code="year_range")
        return value


class DisputeWhatHappenedForm(_Step):
    title = "What happened?"
    what_happened = forms.CharField(
        label=title,
        help_text="Say what the other organisation did or did not do, and how it affected you.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        error_messages={"required": "Enter what happened"},
    )
    happened_on = DayMonthYearField(
        label="When did it happen?",
        help_text="For example, 27 3 2026. If it went on for a while, give the date it started.",
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["happened_on"]
        field.error_messages.update(
            required="Enter the date it happened",
            incomplete="Enter the date it happened, with a day, month and year",
            invalid="The date it happened must be a real date",
        )
        self.helper = _helper(
            Field.textarea("what_happened", label_size=Size.LARGE, label_tag="h1", rows=8),
            Field("happened_on"),
        )

    def clean_happened_on(self):
        from django.utils import timezone

        value = self.cleaned_data["happened_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date it happened must be today or in the past")
        return value


class DisputeAlreadyTriedForm(_Step):
    title = "What have you already tried?"
    already_tried = forms.CharField(
        label=title,
        help_text=(
            "Compacts ask organisations to raise issues first through the other "
            "organisation's own channels, such as its complaints procedure. Say what you did "
            "and what happened."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": "Enter what you have already tried"},
    )

    def layout(self):
        return [Field.textarea("already_tried", label_size=Size.LARGE, label_tag="h1", rows=6)]


class DisputeOutcomeForm(_Step):
    title = "What outcome are you looking for?"
    outcome_sought = forms.CharField(
        label=title,
        help_text="For example, that a consultation is reopened for 12 weeks.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
        error_messages={"required": "Enter the outcome you are looking for"},
    )

    def layout(self):
        return [Field.textarea("outcome_sought", label_size=Size.LARGE, label_tag="h1", rows=5)]


class DisputeEvidenceForm(_Step):
    title = "Upload evidence (optional)"
    evidence_1 = forms.FileField(label="Evidence file", required=False)
    evidence_2 = forms.FileField(label="Another file", required=False)
    evidence_3 = forms.FileField(label="Another file", required=False)

    def clean(self):
        from cases.uploads import check_upload

        for name in ("evidence_1", "evidence_2", "evidence_3"):
            upload = self.cleaned_data.get(name)
            if upload:
                try:
                    check_upload(upload)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return self.cleaned_data

    def layout(self):
        return [Field(name) for name in ("evidence_1", "evidence_2", "evidence_3")]


class DisputeCheckForm(_Step):
    title = "Check your answers before sending the dispute"
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True, required=False)

    def layout(self):
        return []


# Steps of a dispute's page and of its tasks.


class ReasonForm(forms.Form):
    """One text box: a reason, a note or a summary."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)

    def __init__(self, *args, label="Reason", hint="", required_message="Enter a reason", **kw):
        super().__init__(*args, **kw)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint
        self.fields["text"].error_messages["required"] = required_message
        self.helper = _helper(Field.textarea("text", rows=4))


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of note is it?",
        widget=forms.RadioSelect,
        choices=[
            ("contact", "Contact with a party"),
            ("meeting", "Meeting"),
            ("note", "Other note"),
        ],
        error_messages={"required": "Select what kind of note it is"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.textarea("text", rows=4),
        )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Add a document",
        help_text="PDF, Word, OpenDocument, plain text, JPEG or PNG, smaller than 10MB.",
        error_messages={"required": "Choose a file to add"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("file"))

    def clean_file(self):
        from cases.uploads import check_upload

        check_upload(self.cleaned_data["file"])
        return self.cleaned_data["file"]
