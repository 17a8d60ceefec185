"""The form of each people's step in the dispute procedure."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from cases.models import DisputeOutcome


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


def _choice(label, choices, message):
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=choices,
        error_messages={"required": message},
    )


def _text(label, message, hint="", required=True):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": message},
    )


class ChoiceAndTextForm(forms.Form):
    """A step's choice (radios) and its text. When the choice is
    `text_needed_for`, the text must be given: `text_needed_message` says so."""

    text_needed_for = None
    text_needed_message = ""
    choice_field = "decision"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios(self.choice_field, legend_size=Size.MEDIUM), "text")

    def clean(self):
        data = super().clean()
        if (
            self.text_needed_for is not None
            and data.get(self.choice_field) == self.text_needed_for
            and not (data.get("text") or "").strip()
        ):
            self.add_error("text", self.text_needed_message)
        return data


class TriageForm(ChoiceAndTextForm):
    decision = _choice(
        "Is this dispute about the Compact?",
        [
            ("accept", "Yes: start informal resolution"),
            ("outside", "No: close it as outside the Compact"),
        ],
        "Select whether the dispute is about the Compact",
    )
    text = _text(
        "Notes for the parties",
        "Enter the reasons the dispute is outside the Compact",
        hint="Required if you close it: both parties will read your reasons.",
        required=False,
    )
    text_needed_for = "outside"
    text_needed_message = "Enter the reasons the dispute is outside the Compact"


class InformalForm(ChoiceAndTextForm):
    decision = _choice(
        "How did informal resolution end?",
        [
            ("resolved", "The parties resolved it"),
            ("mediation", "It was not resolved: send it to mediation"),
        ],
        "Select how informal resolution ended",
    )
    text = _text("What was agreed, or why it needs mediation", "Enter what happened")


class AppointMediatorForm(forms.Form):
    mediator = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which mediator do you appoint?",
        help_text="Mediators who work for either party are not listed.",
        error_messages={"required": "Select a mediator"},
    )

    def __init__(self, *args, mediators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators
        self.fields["mediator"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.username}"
            + (f" ({m.accreditation})" if m.accreditation else "")
        )
        self.helper = _helper(Field.radios("mediator", legend_size=Size.MEDIUM))


class ConfirmMediatorForm(ChoiceAndTextForm):
    decision = _choice(
        "Do you accept this mediator?",
        [("accept", "Yes, I accept the mediator"), ("object", "No, I object")],
        "Select whether you accept the mediator",
    )
    text = _text(
        "Why do you object?",
        "Enter why you object to the mediator",
        hint="Only if you object. The other party and the joint body will see it.",
        required=False,
    )
    text_needed_for = "object"
    text_needed_message = "Enter why you object to the mediator"


class MediationForm(ChoiceAndTextForm):
    decision = _choice(
        "Did the parties reach an agreement?",
        [("agreed", "Yes, they agreed"), ("no", "No: refer the dispute to arbitration")],
        "Select whether the parties agreed",
    )
    text = _text(
        "Summary for the record",
        "Enter a summary of the result",
        hint="Mediation papers stay without prejudice; write only what both parties agree "
        "can be shared.",
    )


class PanelForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who sits on the panel?",
        help_text="Choose members from both sectors. Members from either party's organisation "
        "and the mediator are not listed.",
        error_messages={"required": "Select the panel's members"},
    )
    chair = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Who chairs the panel?",
        error_messages={"required": "Select the panel's chair"},
    )

    def __init__(self, *args, seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "chair"):
            self.fields[name].queryset = seats
            self.fields[name].label_from_instance = lambda s: (
                f"{s.user.get_full_name() or s.user.username}, {s.organisation} "
                f"({s.organisation.get_sector_display().lower()})"
            )
        self.helper = _helper(
            Field.checkboxes("members", legend_size=Size.MEDIUM),
            Field.radios("chair", legend_size=Size.MEDIUM),
        )


class DecisionForm(ChoiceAndTextForm):
    choice_field = "outcome"
    outcome = _choice(
        "What is the panel's decision?",
        [(o.value, o.label) for o in map(DisputeOutcome, DisputeOutcome.arbitration_outcomes())],
        "Select the panel's decision",
    )
    text = _text(
        "The panel's reasons",
        "Enter the panel's reasons",
        hint="These go in the decision letter to both parties.",
    )
