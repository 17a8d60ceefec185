"""Forms for disputes: the raise form's pages, the dispute page's actions (notes,
documents, reasons) and each step of the procedure."""

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.common.forms import (
    ChoiceAndTextForm,
    DayMonthYearField,
    Form,
    UploadField,
    form_helper,
    radio_field,
    text_field,
)
from cases.disputes.models import SUBJECT_LENGTH, DisputeOutcome
from cases.register.models import Commitment, Compact, Organisation

# Raising a dispute: one question a page (GOV.UK question pages), then check your answers.


class _Step(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.layout())

    def layout(self):
        return list(self.fields)


class DisputeCompactForm(_Step):
    title = _("Which compact is the dispute under?")
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.none(),
        widget=forms.RadioSelect,
        label=title,
        empty_label=None,
        error_messages={"required": _("Select the compact the dispute is under")},
    )

    def __init__(self, *args, compacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].queryset = compacts
        self.helper = form_helper(Field.radios("compact", legend_size=Size.LARGE, legend_tag="h1"))


class DisputeOrganisationForm(_Step):
    title = _("Which of your organisations is raising the dispute?")
    complainant = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        label=title,
        empty_label=None,
        error_messages={"required": _("Select the organisation raising the dispute")},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complainant"].queryset = organisations
        self.helper = form_helper(
            Field.radios("complainant", legend_size=Size.LARGE, legend_tag="h1")
        )


class DisputeRespondentForm(_Step):
    title = _("Which organisation is the dispute with?")
    respondent = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=title,
        help_text=_("Only organisations that have signed the compact are listed."),
        empty_label=_("Select an organisation"),
        error_messages={"required": _("Select the organisation the dispute is with")},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = organisations
        self.helper = form_helper(Field.select("respondent", label_size=Size.LARGE, label_tag="h1"))


class DisputeCommitmentsForm(_Step):
    title = _("Which commitments were broken?")
    commitments = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=title,
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select the commitments you say were broken")},
    )

    def __init__(self, *args, commitments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = commitments
        self.fields["commitments"].label_from_instance = lambda c: f"{c.ref}: {c.title}"
        self.helper = form_helper(
            Field.checkboxes("commitments", legend_size=Size.LARGE, legend_tag="h1")
        )


class DisputeWhatHappenedForm(_Step):
    title = _("What happened?")
    subject = forms.CharField(
        label=_("Give the dispute a short title"),
        help_text=_(
            "For example, Ten days to bid for the transport grant. Everyone on the "
            "dispute sees it in their lists and e-mails."
        ),
        max_length=SUBJECT_LENGTH,
        error_messages={
            "required": _("Enter a short title for the dispute"),
            # Translators: %(limit_value)s is the most characters a title may have.
            "max_length": _("The title must be %(limit_value)s characters or fewer"),
        },
    )
    what_happened = forms.CharField(
        label=title,
        help_text=_("Say what the other organisation did or did not do, and how it affected you."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        error_messages={"required": _("Enter what happened")},
    )
    happened_on = DayMonthYearField(
        label=_("When did it happen?"),
        help_text=_("For example, 27 3 2026. If it went on for a while, give the date it started."),
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["happened_on"]
        field.error_messages.update(
            required=gettext("Enter the date it happened"),
            incomplete=gettext("Enter the date it happened, with a day, month and year"),
            invalid=gettext("The date it happened must be a real date"),
        )
        self.helper = form_helper(
            Field.textarea("what_happened", label_size=Size.LARGE, label_tag="h1", rows=8),
            Field("happened_on"),
            Field.text("subject"),
        )

    def clean_happened_on(self):
        from django.utils import timezone

        value = self.cleaned_data["happened_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                gettext("The date it happened must be today or in the past")
            )
        return value


class DisputeAlreadyTriedForm(_Step):
    title = _("What have you already tried?")
    already_tried = forms.CharField(
        label=title,
        help_text=(
            _(
                "Compacts ask organisations to raise issues first through the other "
                "organisation's own channels, such as its complaints procedure. Say what you did "
                "and what happened."
            )
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": _("Enter what you have already tried")},
    )

    def layout(self):
        return [Field.textarea("already_tried", label_size=Size.LARGE, label_tag="h1", rows=6)]


class DisputeOutcomeForm(_Step):
    title = _("What outcome are you looking for?")
    outcome_sought = forms.CharField(
        label=title,
        help_text=_("For example, that a consultation is reopened for 12 weeks."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
        error_messages={"required": _("Enter the outcome you are looking for")},
    )

    def layout(self):
        return [Field.textarea("outcome_sought", label_size=Size.LARGE, label_tag="h1", rows=5)]


class DisputeEvidenceForm(_Step):
    title = _("Upload evidence (optional)")
    evidence_1 = UploadField(label=_("Evidence file"), required=False)
    evidence_2 = UploadField(label=_("Another file"), required=False)
    evidence_3 = UploadField(label=_("Another file"), required=False)

    def layout(self):
        return [Field(name) for name in ("evidence_1", "evidence_2", "evidence_3")]


class DisputeCheckForm(_Step):
    title = _("Check your answers before sending the dispute")
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True, required=False)

    def layout(self):
        return []


# Steps of a dispute's page and of its tasks.


class ReasonForm(Form):
    """One text box: a reason, a note or a summary."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)

    def __init__(self, *args, label=None, hint="", required_message=None, **kw):
        super().__init__(*args, **kw)
        self.fields["text"].label = gettext("Reason") if label is None else label
        self.fields["text"].help_text = hint
        self.fields["text"].error_messages["required"] = (
            gettext("Enter a reason") if required_message is None else required_message
        )
        self.helper = form_helper(Field.textarea("text", rows=4))


class NoteForm(Form):
    kind = forms.ChoiceField(
        label=_("What kind of note is it?"),
        widget=forms.RadioSelect,
        choices=[
            ("contact", _("Contact with a party")),
            ("meeting", _("Meeting")),
            ("note", _("Other note")),
        ],
        error_messages={"required": _("Select what kind of note it is")},
    )
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": _("Enter the note")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.textarea("text", rows=4),
        )


class TriageForm(ChoiceAndTextForm):
    decision = radio_field(
        _("Is this dispute about the Compact?"),
        [
            ("accept", _("Yes: start informal resolution")),
            ("outside", _("No: close it as outside the Compact")),
        ],
        _("Select whether the dispute is about the Compact"),
    )
    text = text_field(
        _("Notes for the parties"),
        _("Enter the reasons the dispute is outside the Compact"),
        hint=_("Required if you close it: both parties will read your reasons."),
        required=False,
    )
    text_needed_for = "outside"
    text_needed_message = _("Enter the reasons the dispute is outside the Compact")


class InformalForm(ChoiceAndTextForm):
    decision = radio_field(
        _("How did informal resolution end?"),
        [
            ("resolved", _("The parties resolved it")),
            ("mediation", _("It was not resolved: send it to mediation")),
        ],
        _("Select how informal resolution ended"),
    )
    text = text_field(_("What was agreed, or why it needs mediation"), _("Enter what happened"))


class AppointMediatorForm(Form):
    mediator = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Which mediator do you appoint?"),
        help_text=_("Mediators who work for either party are not listed."),
        error_messages={"required": _("Select a mediator")},
    )

    def __init__(self, *args, mediators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators
        self.fields["mediator"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.username}"
            + (f" ({m.accreditation})" if m.accreditation else "")
        )
        self.helper = form_helper(Field.radios("mediator", legend_size=Size.MEDIUM))


class ConfirmMediatorForm(ChoiceAndTextForm):
    decision = radio_field(
        _("Do you accept this mediator?"),
        [("accept", _("Yes, I accept the mediator")), ("object", _("No, I object"))],
        _("Select whether you accept the mediator"),
    )
    text = text_field(
        _("Why do you object?"),
        _("Enter why you object to the mediator"),
        hint=_("Only if you object. The other party and the joint body will see it."),
        required=False,
    )
    text_needed_for = "object"
    text_needed_message = _("Enter why you object to the mediator")


class RemediesMixin:
    """Up to three remedies a decision or agreement asks for: who owes each, what to do
    and in how many working days. A row left empty sets nothing."""

    ROWS = 3
    remedies_heading = ""  # the heading above the rows
    remedies_refused = ""  # why remedies may not be set with this answer

    def __init__(self, *args, dispute=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = self.add_remedy_fields(dispute)
        self.helper = form_helper(
            Field.radios(self.choice_field, legend_size=Size.MEDIUM),
            "text",
            HTML(f'<h2 class="govuk-heading-m">{self.remedies_heading}</h2>'),
            *rows,
        )

    def clean(self):
        data = self.clean_remedies(super().clean())
        if data["remedies"] and not self.remedies_allowed(data):
            self.add_error(None, self.remedies_refused)
        return data

    def remedies_allowed(self, data) -> bool:
        return True

    def add_remedy_fields(self, dispute):
        parties = [("", gettext("Nobody"))]
        if dispute is not None:
            parties += [
                (str(dispute.complainant_id), dispute.complainant.name),
                (str(dispute.respondent_id), dispute.respondent.name),
            ]
        self.parties = {value: label for value, label in parties if value}
        rows = []
        for n in range(1, self.ROWS + 1):
            self.fields[f"remedy_{n}_owed_by"] = forms.ChoiceField(
                label=gettext("Remedy %(n)s: who must act?") % {"n": n},
                choices=parties,
                required=False,
            )
            self.fields[f"remedy_{n}_action"] = forms.CharField(
                label=gettext("Remedy %(n)s: what must they do?") % {"n": n},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2_000,
                required=False,
            )
            self.fields[f"remedy_{n}_days"] = forms.IntegerField(
                label=gettext("Remedy %(n)s: within how many working days?") % {"n": n},
                min_value=1,
                max_value=250,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": gettext("Enter a whole number of working days, like 20"),
                    "min_value": gettext("Enter a number of working days from 1 to 250"),
                    "max_value": gettext("Enter a number of working days from 1 to 250"),
                },
            )
            rows += [
                Field.select(f"remedy_{n}_owed_by"),
                Field.textarea(f"remedy_{n}_action", rows=2),
                Field.text(f"remedy_{n}_days", field_width=4),
            ]
        return rows

    def clean_remedies(self, data):
        remedies = []
        for n in range(1, self.ROWS + 1):
            owed_by = data.get(f"remedy_{n}_owed_by")
            action = (data.get(f"remedy_{n}_action") or "").strip()
            days = data.get(f"remedy_{n}_days")
            if not (owed_by or action or days):
                continue
            if not owed_by:
                self.add_error(
                    f"remedy_{n}_owed_by",
                    gettext("Choose who must carry out remedy %(n)s") % {"n": n},
                )
            if not action:
                self.add_error(
                    f"remedy_{n}_action",
                    gettext("Enter what remedy %(n)s asks them to do") % {"n": n},
                )
            if not days:
                self.add_error(
                    f"remedy_{n}_days",
                    gettext("Enter how many working days remedy %(n)s allows") % {"n": n},
                )
            if owed_by and action and days:
                remedies.append({"owed_by": int(owed_by), "action": action, "days": days})
        data["remedies"] = remedies
        return data


class MediationForm(RemediesMixin, ChoiceAndTextForm):
    decision = radio_field(
        _("Did the parties reach an agreement?"),
        [("agreed", _("Yes, they agreed")), ("no", _("No: refer the dispute to arbitration"))],
        _("Select whether the parties agreed"),
    )
    text = text_field(
        _("Summary for the record"),
        _("Enter a summary of the result"),
        hint=_(
            "Mediation papers stay without prejudice; write only what both parties agree "
            "can be shared."
        ),
    )

    remedies_heading = _("What the agreement asks for (optional)")
    remedies_refused = _("Remedies can only be set when the parties agreed")

    def remedies_allowed(self, data) -> bool:
        return data.get("decision") == "agreed"


class PanelForm(Form):
    members = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who sits on the panel?"),
        help_text=_(
            "Choose members from both sectors. Members from either party's organisation "
            "and the mediator are not listed."
        ),
        error_messages={"required": _("Select the panel's members")},
    )
    chair = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Who chairs the panel?"),
        error_messages={"required": _("Select the panel's chair")},
    )

    def __init__(self, *args, seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "chair"):
            self.fields[name].queryset = seats
            self.fields[name].label_from_instance = lambda s: (
                f"{s.user.get_full_name() or s.user.username}, {s.organisation} "
                f"({s.organisation.get_sector_display().lower()})"
            )
        self.helper = form_helper(
            Field.checkboxes("members", legend_size=Size.MEDIUM),
            Field.radios("chair", legend_size=Size.MEDIUM),
        )


class DecisionForm(RemediesMixin, ChoiceAndTextForm):
    choice_field = "outcome"
    outcome = radio_field(
        _("What is the panel's decision?"),
        [(o.value, o.label) for o in map(DisputeOutcome, DisputeOutcome.arbitration_outcomes())],
        _("Select the panel's decision"),
    )
    text = text_field(
        _("The panel's reasons"),
        _("Enter the panel's reasons"),
        hint=_("These go in the decision letter to both parties."),
    )

    remedies_heading = _("What the decision asks for (optional)")
    remedies_refused = _("A decision that does not uphold the dispute sets no remedies")

    def remedies_allowed(self, data) -> bool:
        return data.get("outcome") != DisputeOutcome.NOT_UPHELD


class AnswerForm(Form):
    """The respondent's answer: its account, a yes or no on each commitment named, what it
    has done and offers, and evidence."""

    account = forms.CharField(
        label=_("Your account of what happened"),
        help_text=_("Say what your organisation did and why, as you see it."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        error_messages={"required": _("Enter your account of what happened")},
    )
    already_done = forms.CharField(
        label=_("What have you already done about it? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        required=False,
    )
    offer = forms.CharField(
        label=_("What do you offer to put it right? (optional)"),
        help_text=_("For example, to reopen the consultation for 12 weeks."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        required=False,
    )
    evidence_1 = UploadField(label=_("Evidence file (optional)"), required=False)
    evidence_2 = UploadField(label=_("Another file (optional)"), required=False)
    evidence_3 = UploadField(label=_("Another file (optional)"), required=False)

    EVIDENCE = ("evidence_1", "evidence_2", "evidence_3")
    CHOICES = [("accept", _("We accept we broke it")), ("dispute", _("We say we kept it"))]

    def __init__(self, *args, commitments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        for commitment in self.commitments:
            self.fields[f"commitment_{commitment.pk}"] = forms.ChoiceField(
                label=f"{commitment.ref}: {commitment.title}",
                widget=forms.RadioSelect,
                choices=self.CHOICES,
                error_messages={
                    "required": gettext("Say whether you accept you broke commitment %(ref)s")
                    % {"ref": commitment.ref}
                },
            )
        self.helper = form_helper(
            Field.textarea("account", rows=8),
            *[
                Field.radios(f"commitment_{c.pk}", legend_size=Size.SMALL, inline=True)
                for c in self.commitments
            ],
            Field.textarea("already_done", rows=4),
            Field.textarea("offer", rows=4),
            *[Field(name) for name in self.EVIDENCE],
        )

    def clean(self):
        # What the answering services take, beside the text.
        data = self.cleaned_data
        verdict = {c: data.get(f"commitment_{c.pk}") for c in self.commitments}
        data["accepted"] = [c for c, v in verdict.items() if v == "accept"]
        data["disputed"] = [c for c, v in verdict.items() if v == "dispute"]
        data["evidence"] = [data[name] for name in self.EVIDENCE if data.get(name)]
        return data


class ExtendAnswerForm(Form):
    days = forms.IntegerField(
        label=_("How many more working days?"),
        min_value=1,
        max_value=60,
        error_messages={
            "required": _("Enter how many more working days the respondent has"),
            "invalid": _("Enter a whole number of working days, like 5"),
            "min_value": _("Enter a number of working days from 1 to 60"),
            "max_value": _("Enter a number of working days from 1 to 60"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    text = forms.CharField(
        label=_("Why does the respondent have more time?"),
        help_text=_("Both parties will see this reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        error_messages={"required": _("Enter why the respondent has more time")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("days", field_width=4), Field.textarea("text", rows=3))


class MessageForm(Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        error_messages={
            "required": _("Enter your message"),
            "max_length": _("Your message must be 5,000 characters or fewer"),
        },
    )
    file = UploadField(
        label=_("Add a file (optional)"),
        help_text=_("PDF, Word, OpenDocument, plain text, JPEG or PNG, smaller than 10MB."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("body", rows=4), Field("file"))


class RemedyDoneForm(Form):
    note = forms.CharField(
        label=_("What did you do?"),
        help_text=_("The joint body reads this when it confirms the remedy was carried out."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
        error_messages={"required": _("Say what was done")},
    )
    evidence = UploadField(
        label=_("Evidence (optional)"),
        help_text=_("PDF, Word, OpenDocument, plain text, JPEG or PNG, smaller than 10MB."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("note", rows=5), Field("evidence"))


class RemedyCheckForm(ChoiceAndTextForm):
    text_needed_for = "not_complied"
    text_needed_message = _("Say why the remedy was not carried out")
    decision = radio_field(
        _("Was the remedy carried out?"),
        [
            ("complied", _("Yes: confirm it was carried out")),
            ("not_complied", _("No: reopen the dispute with the Champion")),
        ],
        _("Select whether the remedy was carried out"),
    )
    text = text_field(
        _("Notes for the record"),
        _("Say why the remedy was not carried out"),
        hint=_("Both parties will see this."),
        required=False,
    )


class ChallengeRemedyForm(Form):
    text = forms.CharField(
        label=_("What was not done?"),
        help_text=_("The joint body reads this before it confirms the remedy."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        error_messages={"required": _("Say what was not done")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("text", rows=3))
