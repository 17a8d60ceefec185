"""Forms for the Compact's year. They collect and check input; services do the writing."""

import secrets

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.common.forms import Form, ModelForm, date_field, form_helper, text_field
from cases.register.models import Code, Commitment, Languages, Organisation, Undertaker
from cases.register.selectors import RULE_LABELS
from cases.year.models import (
    ActionPlanItem,
    ActionStatus,
    ImpactAssessment,
    ReviewAmendment,
    Term,
)
from cases.year.report import year_words
from cases.year.selectors import possible_leads


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class ActionForm(ModelForm):
    """The joint body adds an action to the plan, or changes one."""

    agreed_on = date_field(_("Date the action was agreed"), required=False)
    target_date = date_field(
        _("Target date"),
        hint=_("Leave blank to follow the term: 6, 18 or 36 months from the day it was agreed."),
        required=False,
    )

    class Meta:
        model = ActionPlanItem
        fields = [
            "action",
            "term",
            "lead_organisation",
            "lead_person",
            "agreed_on",
            "target_date",
            "commitment",
        ]
        labels = {
            "action": _("What will be done"),
            "term": _("Term"),
            "lead_organisation": _("Lead organisation (optional)"),
            "lead_person": _("Named lead (optional)"),
            "commitment": _("The commitment it serves (optional)"),
        }
        help_texts = {
            "lead_person": _(
                "The lead reports progress; the action is in their inbox when "
                "it is due soon. With nobody named, it is in the Champion's."
            ),
        }
        error_messages = {"action": {"required": _("Enter what will be done")}}
        widgets = {"action": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, compact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].widget = forms.RadioSelect(choices=Term.choices)
        self.fields["term"].error_messages["required"] = gettext("Choose the action's term")
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(
            pk__in=compact.signatories.filter(left_on__isnull=True).values("organisation")
        ).order_by("name")
        lead = _Person(
            queryset=possible_leads(compact),
            required=False,
            label=self.fields["lead_person"].label,
            help_text=self.fields["lead_person"].help_text,
        )
        self.fields["lead_person"] = lead
        self.fields["commitment"].queryset = Commitment.objects.filter(
            compact=compact, in_force=True
        ).order_by("position", "ref")
        self.helper = form_helper(
            Field.textarea("action", rows=3),
            Field.radios("term", legend_size=Size.SMALL),
            Field.select("lead_organisation"),
            Field.select("lead_person"),
            "agreed_on",
            "target_date",
            Field.select("commitment"),
        )


class ActionReportForm(Form):
    status = forms.ChoiceField(
        label=_("How does the action stand?"),
        widget=forms.RadioSelect,
        choices=ActionStatus.choices,
        error_messages={"required": _("Choose how the action stands")},
    )
    note = text_field(
        _("What has happened since the last update?"),
        _("Say what has happened since the last update"),
        hint=_("Everyone can read this on the compact's action plan."),
        rows=4,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("status", legend_size=Size.MEDIUM), Field.textarea("note", rows=4)
        )


class ImpactAssessmentForm(ModelForm):
    submission_key = forms.CharField(widget=forms.HiddenInput)
    decision_on = date_field(_("When it is decided (optional)"), required=False)
    commitments = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Which commitments does it touch?"),
        error_messages={"required": _("Choose the commitments the decision touches")},
    )
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("For which organisation?"),
        empty_label=None,
        error_messages={"required": _("Choose the organisation")},
    )

    class Meta:
        model = ImpactAssessment
        fields = ["title", "decision_by", "decision_on", "consulted", "effect", "mitigations"]
        error_messages = {
            "title": {"required": _("Enter the report or decision")},
            "decision_by": {"required": _("Enter who decides it")},
            "consulted": {"required": _("Enter who was consulted, and how")},
            "effect": {"required": _("Enter the effect on the voluntary and community sector")},
            "mitigations": {"required": _("Enter what will soften the effect")},
        }

    def __init__(self, *args, compact, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["commitments"].queryset = Commitment.objects.filter(
            compact=compact, in_force=True
        ).order_by("position", "ref")
        self.fields["commitments"].label_from_instance = lambda c: f"{c.ref}: {c.title}"
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_urlsafe(24))
        self.helper = form_helper(
            "submission_key",
            Field.select("organisation"),
            Field.text("title"),
            Field.text("decision_by"),
            "decision_on",
            Field.checkboxes("commitments", legend_size=Size.SMALL),
            Field.textarea("consulted", rows=3),
            Field.textarea("effect", rows=4),
            Field.textarea("mitigations", rows=4),
        )


class ImpactReviewForm(Form):
    notes = text_field(
        _("Your review"),
        _("Enter your review notes"),
        hint=_("What follows: for example, a question for the joint body, or nothing further."),
        rows=4,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("notes", rows=4))


# The annual review.


class _Seat(forms.ModelMultipleChoiceField):
    def label_from_instance(self, seat):
        name = seat.user.get_full_name() or seat.user.username
        # Translators: a joint body member, like "Ann Jones (Swansea Council, statutory sector)".
        return gettext("%(name)s (%(organisation)s, %(sector)s)") % {
            "name": name,
            "organisation": seat.organisation,
            "sector": seat.organisation.get_sector_display().lower(),
        }


class RecordMeetingForm(Form):
    meeting_on = date_field(_("Date of the meeting"))
    attended = _Seat(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which members of the joint body attended?"),
        error_messages={"required": _("Choose who attended")},
    )
    others_attending = text_field(
        _("Who else attended (optional)"),
        "",
        required=False,
        rows=2,
        hint=_("For example, signatories' representatives and officers."),
    )
    representation_note = text_field(
        _("If the sectors were not equally represented, why did the meeting go ahead?"),
        "",
        required=False,
        rows=2,
    )
    notes = text_field(_("Notes of the meeting"), _("Enter the meeting's notes"), rows=5)
    decisions = text_field(
        _("What the meeting decided"),
        _("Enter the meeting's decisions"),
        rows=4,
        hint=_("Published with the outcome."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = review.compact.joint_body.select_related(
            "user", "organisation"
        ).order_by("organisation__sector", "user__last_name")
        self.helper = form_helper(
            "meeting_on",
            Field.checkboxes("attended", legend_size=Size.SMALL),
            Field.textarea("others_attending", rows=2),
            Field.textarea("representation_note", rows=2),
            Field.textarea("notes", rows=5),
            Field.textarea("decisions", rows=4),
        )


class AgreeChangesForm(Form):
    agreed = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Which proposed changes did the review agree?"),
        help_text=_(
            "Those agreed become the next version of the Compact; the others are "
            "recorded as not agreed."
        ),
    )
    summary = text_field(
        _("Why the Compact is changing"),
        "",
        required=False,
        rows=3,
        hint=_("Shown beside the new version."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed"].queryset = review.amendments.all()
        self.fields["agreed"].label_from_instance = lambda a: (
            gettext("%(change)s. Why: %(reason)s") % {"change": a.words, "reason": a.reason}
        )
        layout = [Field.checkboxes("agreed", legend_size=Size.SMALL), Field.textarea("summary")]
        for n in (1, 2, 3):
            self.fields[f"action_{n}"] = forms.CharField(
                label=gettext("Next year's action %(number)s (optional)") % {"number": n},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"term_{n}"] = forms.ChoiceField(
                label=gettext("Term of action %(number)s") % {"number": n},
                choices=Term.choices,
                initial=Term.SHORT,
                required=False,
            )
            layout += [Field.textarea(f"action_{n}", rows=2), Field.select(f"term_{n}")]
        self.helper = form_helper(*layout)


class PublishReviewForm(Form):
    outcome = text_field(
        _("The outcome of the review"),
        _("Enter the outcome to publish"),
        hint=_("What the review found and what will change. Everyone can read it."),
        rows=6,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("outcome", rows=6))


class ProposeAmendmentForm(Form):
    kind = forms.ChoiceField(
        label=_("What should change?"),
        widget=forms.RadioSelect,
        choices=ReviewAmendment.Kind.choices,
        error_messages={"required": _("Choose what to change")},
    )
    rule = forms.ChoiceField(label=_("The rule (for a rule)"), required=False)
    value = forms.IntegerField(
        label=_("Its new value (for a rule)"), required=False, min_value=1, max_value=250
    )
    ref = forms.CharField(
        label=_("The commitment's reference (for a commitment)"),
        required=False,
        max_length=12,
        help_text=_("An existing one to change, or a new one to add, like C12."),
    )
    title = forms.CharField(label=_("Title (for a new commitment)"), required=False, max_length=120)
    text = forms.CharField(
        label=_("The commitment's words"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    title_cy = forms.CharField(
        label=_("Title in Welsh (for a new commitment)"), required=False, max_length=120
    )
    text_cy = forms.CharField(
        label=_("The commitment's words in Welsh"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Leave it empty until it is translated: Welsh pages show the English meanwhile."
        ),
    )
    code = forms.ChoiceField(
        label=_("Code of practice (for a new commitment)"),
        required=False,
        choices=[("", _("Choose a code"))] + Code.choices,
    )
    undertaken_by = forms.ChoiceField(
        label=_("Who gives it (for a new commitment)"),
        required=False,
        choices=[("", _("Choose a sector"))] + Undertaker.choices,
    )
    reason = text_field(
        _("Why should the Compact change?"), _("Say why the Compact should change"), rows=3
    )

    def __init__(self, *args, compact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", gettext("Choose a rule"))] + [
            (name, label)
            for name, (label, _unit) in RULE_LABELS.items()
            if name not in ("consultation_expected", "publish_winning_score")
        ]
        welsh = compact.languages == Languages.WELSH_AND_ENGLISH
        words = [Field.text("title"), Field.textarea("text", rows=3)]
        if welsh:
            self.fields["title"].label = _("Title in English (for a new commitment)")
            self.fields["text"].label = _("The commitment's words in English")
            words += [Field.text("title_cy"), Field.textarea("text_cy", rows=3)]
        else:
            del self.fields["title_cy"], self.fields["text_cy"]
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("rule"),
            Field.text("value", field_width=4),
            Field.text("ref", field_width=5),
            *words,
            Field.select("code"),
            Field.select("undertaken_by"),
            Field.textarea("reason", rows=3),
        )


class StartReviewForm(Form):
    year = forms.TypedChoiceField(label=_("Which year does it review?"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, year_words(y)) for y in years]
        self.helper = form_helper(Field.select("year"))
