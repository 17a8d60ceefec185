"""Forms for the register's pages. They collect and check input; services do the writing."""

import secrets

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.common.forms import Form, ModelForm, date_field, form_helper, text_field
from cases.register.models import (
    Code,
    Commitment,
    Compact,
    Languages,
    Organisation,
    Sector,
    SignupRequest,
    Undertaker,
)
from cases.register.services import ORGANISATION_DETAIL_FIELDS, SIGNUP_FIELDS, SIGNUP_PLEDGES


class SignupRequestForm(ModelForm):
    """The sign-up pro forma: an organisation asks to sign a compact."""

    submission_key = forms.CharField(widget=forms.HiddenInput)
    governing_body_agreed = forms.BooleanField(
        label=_("Our governing body has agreed to adopt the Compact"),
        error_messages={"required": SIGNUP_PLEDGES["governing_body_agreed"]},
    )
    agrees_to_principles = forms.BooleanField(
        label=_("We will uphold the Compact in our own organisation and with other signatories"),
        error_messages={"required": SIGNUP_PLEDGES["agrees_to_principles"]},
    )
    understands_not_binding = forms.BooleanField(
        label=_("We understand the Compact is a statement of intent, not a legal contract"),
        error_messages={"required": SIGNUP_PLEDGES["understands_not_binding"]},
    )

    class Meta:
        model = SignupRequest
        fields = list(SIGNUP_FIELDS)
        labels = {
            "organisation_name": _("Name of the organisation"),
            "sector": _("Which sector is the organisation in?"),
            "legal_form": _("What kind of organisation is it?"),
            "charity_number": _("Charity number (if it has one)"),
            "address": _("Address"),
            "postcode": _("Postcode"),
            "purpose": _("What does the organisation do?"),
            "contact_name": _("Full name"),
            "contact_position": _("Position in the organisation"),
            "contact_email": _("Email address"),
            "contact_phone": _("Phone number (optional)"),
            "governing_body": _("Who agreed to sign up?"),
            "contributions": _("Comments or suggestions for the Compact (optional)"),
        }
        help_texts = {
            "purpose": _("In a sentence or two: its aims and who it works with."),
            "contact_email": _("We will use this to tell you when the Champion has decided."),
            "contact_position": _("For example, chair, director or chief officer."),
            "governing_body": _("For example, the board of trustees or the management committee."),
        }
        error_messages = {
            "organisation_name": {"required": _("Enter the name of the organisation")},
            "sector": {"required": _("Select the organisation's sector")},
            "legal_form": {"required": _("Select what kind of organisation it is")},
            "address": {"required": _("Enter the organisation's address")},
            "postcode": {"required": _("Enter the organisation's postcode")},
            "purpose": {"required": _("Enter what the organisation does")},
            "contact_name": {"required": _("Enter your full name")},
            "governing_body": {"required": _("Enter who agreed to sign up, like the board")},
            "contact_position": {"required": _("Enter your position in the organisation")},
            "contact_email": {
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
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
        self.fields["legal_form"].choices = [("", _("Select one"))] + list(
            Organisation.LegalForm.choices
        )
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_urlsafe(24))
        self.helper = form_helper(
            "submission_key",
            Fieldset(
                Field.text("organisation_name"),
                Field.radios("sector", legend_size=Size.SMALL),
                Field.select("legal_form"),
                Field.text("charity_number", field_width=10),
                Field.textarea("address", rows=3),
                Field.text("postcode", field_width=10),
                Field.textarea("purpose", rows=4),
                legend=_("About the organisation"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("contact_name"),
                Field.text("contact_position"),
                Field.text("contact_email"),
                Field.text("contact_phone", field_width=20),
                legend=_("About you"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("governing_body"),
                Field.checkbox("governing_body_agreed"),
                Field.checkbox("agrees_to_principles"),
                Field.checkbox("understands_not_binding"),
                Field.textarea("contributions", rows=3),
                legend=_("Signing up"),
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Why is the request declined?"),
        help_text=_("The applicant is sent this reason."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Enter the reason the request is declined")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=4))


def _words_in_english(form, names):
    """A compact's own words are edited language by language: the field named `title` is
    the English (django-modeltranslation would read it in the language of the page)."""
    if form.instance.pk is None:
        return
    for name in names:
        form.initial[name] = getattr(form.instance, f"{name}_en_gb") or ""


class CompactRulesForm(ModelForm):
    reason = text_field(
        _("Why are the rules changing?"),
        _("Say why the rules are changing"),
        hint=_("Everyone can read this beside the new version of the Compact."),
        rows=3,
    )

    class Meta:
        model = Compact
        fields = [*Compact.RULE_FIELDS, "joint_body_terms", "joint_body_terms_cy"]
        labels = {
            "joint_body_terms": _("The joint body's terms of reference"),
            "joint_body_terms_cy": _("The joint body's terms of reference in Welsh"),
            "triage_days": _("Champion's first look at a new dispute (working days)"),
            "answer_days": _("The respondent's answer to an accepted dispute (working days)"),
            "informal_stage_days": _("Informal resolution (working days)"),
            "mediation_stage_days": _("Mediation (working days)"),
            "arbitration_stage_days": _("Arbitration (working days)"),
            "reminder_working_days": _(
                "Remind the holder this many working days before a due date"
            ),
            "min_consultation_weeks": _("Shortest written consultation (weeks)"),
            "consultation_expected": _("Expect a consultation before every funding opportunity"),
            "publish_winning_score": _("Give the winning bid's score in every bidder's letter"),
            "min_bid_window_days": _("Shortest bid window (calendar days)"),
            "min_notice_months": _("Least notice before funding ends or falls (months)"),
            "preferred_term_years": _("Preferred funding term (years)"),
            "standstill_working_days": _("Standstill after an award (working days)"),
        }
        # Each number's message names it, as its label does.
        error_messages = {
            "triage_days": {
                "required": _("Enter the champion's first look at a new dispute (working days)")
            },
            "answer_days": {
                "required": _(
                    "Enter the the respondent's answer to an accepted dispute (working days)"
                )
            },
            "informal_stage_days": {"required": _("Enter the informal resolution (working days)")},
            "mediation_stage_days": {"required": _("Enter the mediation (working days)")},
            "arbitration_stage_days": {"required": _("Enter the arbitration (working days)")},
            "reminder_working_days": {
                "required": _(
                    "Enter the remind the holder this many working days before a due date"
                )
            },
            "min_consultation_weeks": {
                "required": _("Enter the shortest written consultation (weeks)")
            },
            "min_bid_window_days": {"required": _("Enter the shortest bid window (calendar days)")},
            "min_notice_months": {
                "required": _("Enter the least notice before funding ends or falls (months)")
            },
            "preferred_term_years": {"required": _("Enter the preferred funding term (years)")},
            "standstill_working_days": {
                "required": _("Enter the standstill after an award (working days)")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words_in_english(self, ["joint_body_terms"])
        if self.instance.languages != Languages.WELSH_AND_ENGLISH:
            del self.fields["joint_body_terms_cy"]
        else:
            self.fields["joint_body_terms_cy"].required = False
            self.fields["joint_body_terms"].label = _(
                "The joint body's terms of reference in English"
            )
            self.fields["joint_body_terms_cy"].help_text = _(
                "Leave it empty until it is translated: Welsh pages show the English meanwhile. "
                "If you change the English, change the Welsh too, or it is cleared."
            )
        layout = []
        for name, field in self.fields.items():
            if isinstance(field, forms.BooleanField):
                layout.append(Field.checkbox(name))
                continue
            if name in ("reason", "joint_body_terms", "joint_body_terms_cy"):
                layout.append(Field.textarea(name, rows=3 if name == "reason" else 6))
                continue
            field.widget.attrs["inputmode"] = "numeric"
            layout.append(Field.text(name, field_width=4))
        self.helper = form_helper(*layout)


class OrganisationDetailsForm(ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org")},
    )

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_DETAIL_FIELDS)
        labels = {
            # The model's own names, given here so they can be translated.
            "legal_form": _("Legal form"),
            "address": _("Address"),
            "postcode": _("Postcode"),
            "email": _("Email"),
            "phone": _("Phone"),
            "area_of_benefit": _("Area of benefit"),
            "year_established": _("Year established"),
            "has_safeguarding_policy": _("It has a safeguarding policy"),
            "has_equality_policy": _("It has an equality and diversity policy"),
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
        self.helper = form_helper(*layout)


class CommitmentFilterForm(Form):
    code = forms.ChoiceField(
        label=_("Code of practice"), required=False, choices=[("", _("All codes"))] + Code.choices
    )
    undertaken_by = forms.ChoiceField(
        label=_("Who undertakes it"),
        required=False,
        choices=[("", _("Either sector"))] + Undertaker.choices,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class SignatoryFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Current signatories")),
            ("former", _("Former signatories")),
            ("all", _("All")),
        ],
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Both sectors"))] + Sector.choices
    )
    q = forms.CharField(label=_("Organisation name"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A to Z)")),
            ("-name", _("Name (Z to A)")),
            ("-signed", _("Newest signatories first")),
            ("signed", _("Oldest signatories first")),
        ],
    )


class CommitmentForm(ModelForm):
    """Add a commitment to a compact, or change one: each save is a new version."""

    reason = text_field(
        _("Why is this changing?"),
        _("Say why the commitment is changing"),
        hint=_("Everyone can read this beside the new version of the Compact."),
        rows=3,
    )

    class Meta:
        model = Commitment
        fields = [
            "ref",
            "title",
            "text",
            "title_cy",
            "text_cy",
            "code",
            "undertaken_by",
            "source_section",
            "in_force",
        ]
        labels = {
            "ref": _("Reference"),
            "title": _("Title"),
            "text": _("Text"),
            "title_cy": _("Title in Welsh"),
            "text_cy": _("Text in Welsh"),
            "undertaken_by": _("Who gives this commitment"),
            "code": _("Code of practice"),
            "source_section": _("Where it comes from (optional)"),
            "in_force": _("This commitment is in force"),
        }
        help_texts = {
            "ref": _("Short and unique in this compact, like C12."),
            "in_force": _("Untick to take it out of the Compact. Cases that cite it keep it."),
        }
        error_messages = {
            "ref": {"required": _("Enter a reference, like C12")},
            "title": {"required": _("Enter a short title")},
            "text": {"required": _("Enter what the commitment says")},
            "code": {"required": _("Choose the code of practice")},
            "undertaken_by": {"required": _("Choose who gives this commitment")},
        }

    def __init__(self, *args, compact, adding=False, **kwargs):
        super().__init__(*args, **kwargs)
        _words_in_english(self, ["title", "text"])
        welsh = compact.languages == Languages.WELSH_AND_ENGLISH
        if welsh:
            self.fields["title_cy"].required = self.fields["text_cy"].required = False
            self.fields["title"].label = _("Title in English")
            self.fields["text"].label = _("Text in English")
            self.fields["text_cy"].help_text = _(
                "Leave the Welsh empty until it is translated: Welsh pages show the English "
                "meanwhile. If you change the English, change the Welsh too, or it is cleared."
            )
        else:
            del self.fields["title_cy"], self.fields["text_cy"]
        layout = []
        if not adding:
            del self.fields["ref"]
        else:
            self.fields["in_force"].widget = forms.HiddenInput()
            layout.append(Field.text("ref", field_width=5))
        layout += [Field.text("title"), Field.textarea("text", rows=5)]
        if welsh:
            layout += [Field.text("title_cy"), Field.textarea("text_cy", rows=5)]
        layout += [
            Field.select("code"),
            Field.radios("undertaken_by", legend_size=Size.SMALL),
            Field.text("source_section"),
        ]
        if not adding:
            layout.append(Field.checkbox("in_force"))
        layout.append(Field.textarea("reason", rows=3))
        self.fields["undertaken_by"].widget = forms.RadioSelect(
            choices=self.fields["undertaken_by"].choices[1:]
        )
        self.helper = form_helper(*layout)

    def validate_unique(self):
        # The compact is not a field of the form: the service checks the reference.
        pass


class SignatoryRenewForm(Form):
    on = date_field(
        _("Date it renewed"), hint=_("The day its governing body agreed to sign again.")
    )
    note = text_field(_("Note (optional)"), "", required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("on", Field.textarea("note", rows=2))


class SignatoryLeaveForm(Form):
    on = date_field(_("Date it left"))
    reason = text_field(
        _("Why is it leaving the Compact?"),
        _("Say why the organisation is leaving the Compact"),
        hint=_("Shown on the public register beside the organisation's name."),
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("on", Field.textarea("reason", rows=3))
