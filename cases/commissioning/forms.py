"""Forms for commissioning: planning an exercise, each commissioner's step, and bids."""

import secrets

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.commissioning.models import (
    Bid,
    BidStatus,
    Criterion,
    ExerciseDocument,
    ExerciseStage,
    FundingType,
    Review,
)
from cases.commissioning.rules import skips_consultation
from cases.common.forms import (
    DayMonthYearField,
    DocumentForm,
    Form,
    ModelForm,
    UploadField,
    date_field,
    form_helper,
    text_field,
)
from cases.register.models import Compact, Organisation, Sector

__all__ = ["ACTION_FORMS", "BidForm", "BidResponseForm", "DocumentForm", "ExerciseForm"]


_date = date_field


def _text(label, message, hint="", required=True, rows=4):
    return text_field(label, message, hint=hint, required=required, rows=rows)


def _justification(label):
    """The optional reason a step departs from the Compact: `label` asks why, naming it."""
    return _text(
        label,
        "",
        hint=_(
            "If it is shorter than the compact allows, record why. The voluntary sector and "
            "the Champion will see it."
        ),
        required=False,
        rows=3,
    )


class ActionForm(Form):
    """A form on the exercise page. It remembers the extra arguments it was made with, so
    the view can make it again bound to the POST."""

    def __init__(self, *args, **kwargs):
        self.extra_kwargs = {
            k: kwargs.pop(k) for k in list(kwargs) if k in ("exercise", "organisations")
        }
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.layout())

    def layout(self):
        items = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput) or isinstance(field, DayMonthYearField):
                items.append(Field(name))
            elif isinstance(field.widget, forms.RadioSelect):
                items.append(Field.radios(name, legend_size=Size.SMALL))
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                items.append(Field.checkboxes(name, legend_size=Size.SMALL))
            elif isinstance(field.widget, forms.Textarea):
                items.append(Field.textarea(name, rows=field.widget.attrs.get("rows", 4)))
            elif isinstance(field.widget, forms.Select):
                items.append(Field.select(name))
            else:
                items.append(Field.text(name))
        return items


class ConsultForm(ActionForm):
    opens_on = _date(_("Opening date"))
    closes_on = _date(_("Closing date"))
    questions = _text(
        _("Questions"),
        _("Enter at least one question"),
        hint=_("One question a line."),
        rows=5,
    )
    justification = _justification(
        _("Why must the consultation depart from the Compact? (only if it does)")
    )


class SummaryForm(ActionForm):
    summary = _text(
        _("What you heard and what you changed"),
        _("Say what you heard and what you changed because of it"),
        hint=_("You said, we did: this is published on the exercise's page."),
        rows=6,
    )


class TenderForm(ActionForm):
    opens_on = _date(_("Opening date"))
    closes_on = _date(_("Closing date"))
    closes_at = forms.TimeField(
        label=_("Closing time"),
        help_text=_("For example, 12:00."),
        initial="12:00",
        error_messages={
            "required": _("Enter the closing time"),
            "invalid": _("Enter a time like 12:00"),
        },
    )
    bid_window_justification = _justification(
        _("Why must the bid window depart from the Compact? (only if it does)")
    )
    term_justification = _justification(
        _("Why must the funding term depart from the Compact? (only if it does)")
    )
    contact_name = forms.CharField(
        label=_("Contact for bidders (optional)"),
        help_text=_("Leave blank to name yourself."),
        required=False,
        max_length=200,
    )
    contact_email = forms.EmailField(
        label=_("Contact's email address (optional)"),
        help_text=_("Leave blank to give your own."),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    consultation_justification = _text(
        _("Why is there no consultation?"),
        "",
        hint=_(
            "The compact expects a consultation before an opportunity is published. If "
            "this exercise must go ahead without one, say why: it is recorded as a departure "
            "from the Compact, shown with the opportunity, and the Champion will review it."
        ),
        required=False,
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        if exercise is None or not skips_consultation(exercise):
            del self.fields["consultation_justification"]
            self.helper = form_helper(*self.layout())


class AnswerForm(ActionForm):
    clarification = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Which question are you answering?"),
        error_messages={"required": _("Select the question")},
    )
    answer = _text(_("Answer"), _("Enter the answer"), hint=_("Every bidder will see it."))

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        self.fields["clarification"].queryset = exercise.clarifications.filter(
            answered_at__isnull=True
        )
        self.fields["clarification"].label_from_instance = lambda c: c.question


class AwardForm(ActionForm):
    """Score every bid, write its feedback, and choose the winners, in one step."""

    winners = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which bids are awarded?"),
        error_messages={
            "required": _("Choose at least one bid to award"),
            "invalid_choice": _("Choose from the submitted bids"),
        },
    )

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        self.bids = list(
            exercise.bids.filter(status=BidStatus.SUBMITTED).select_related("organisation")
        )
        self.fields["winners"].choices = [(str(b.pk), str(b.organisation)) for b in self.bids]
        self.criteria = list(exercise.criteria.all())
        for bid in self.bids:
            if self.criteria:
                # Scored on each published criterion; the bid's score is their weighted sum.
                given = {s.criterion_id: s.score for s in bid.scores.all()}
                for criterion in self.criteria:
                    self.fields[f"score_{bid.pk}_{criterion.pk}"] = forms.IntegerField(
                        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                        label=gettext(
                            "%(organisation)s: %(criterion)s (weight %(weight)s%%), 0 to 100"
                        )
                        % {
                            "organisation": bid.organisation,
                            "criterion": criterion.name,
                            "weight": criterion.weight,
                        },
                        min_value=0,
                        max_value=100,
                        initial=given.get(criterion.pk),
                        error_messages={
                            "required": gettext(
                                "Enter a score for %(organisation)s on %(criterion)s"
                            )
                            % {"organisation": bid.organisation, "criterion": criterion.name}
                        },
                    )
            else:
                self.fields[f"score_{bid.pk}"] = forms.IntegerField(
                    widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                    label=gettext("Score for %(organisation)s (0 to 100)")
                    % {"organisation": bid.organisation},
                    min_value=0,
                    max_value=100,
                    initial=bid.score,
                    error_messages={
                        "required": gettext("Enter a score for %(organisation)s")
                        % {"organisation": bid.organisation}
                    },
                )
            self.fields[f"feedback_{bid.pk}"] = _text(
                gettext("Feedback for %(organisation)s") % {"organisation": bid.organisation},
                gettext("Enter the feedback for %(organisation)s")
                % {"organisation": bid.organisation},
                hint=gettext("It goes in the bidder's letter."),
                rows=3,
            )
            self.fields[f"feedback_{bid.pk}"].initial = bid.feedback
            self.fields[f"notes_{bid.pk}"] = _text(
                gettext("Evaluation notes for %(organisation)s (optional)")
                % {"organisation": bid.organisation},
                "",
                required=False,
                rows=2,
            )
        self.helper = form_helper(*self.layout())

    def clean(self):
        data = super().clean()
        chosen = set(data.get("winners") or [])
        data["winners"] = [bid for bid in self.bids if bid.pk in chosen]
        data["scores"] = [
            (
                bid,
                data.get(f"score_{bid.pk}"),
                data.get(f"notes_{bid.pk}", ""),
                data.get(f"feedback_{bid.pk}", ""),
                {c.pk: data.get(f"score_{bid.pk}_{c.pk}") for c in self.criteria}
                if self.criteria
                else None,
            )
            for bid in self.bids
        ]
        return data


class StartForm(ActionForm):
    starts_on = _date(_("Start date"))
    ends_on = _date(_("End date"))


class ReviewForm(ActionForm):
    review = forms.ModelChoiceField(
        queryset=None,
        label=_("Which review?"),
        empty_label=_("Select a review"),
        error_messages={"required": _("Select the review")},
    )
    rating = forms.ChoiceField(
        label=_("Rating"),
        widget=forms.RadioSelect,
        choices=Review.Rating.choices,
        error_messages={"required": _("Choose a rating")},
    )
    notes = _text(_("Notes for the provider"), _("Enter your notes"), rows=4)

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = exercise.reviews.filter(
            completed_at__isnull=True
        ).select_related("bid__organisation")
        self.fields["review"].label_from_instance = lambda r: (
            gettext("%(organisation)s, due %(date)s")
            % {"organisation": r.bid.organisation, "date": date_format(r.due_on, "j F Y")}
        )


class NoticeForm(ActionForm):
    ends_on = _date(_("Date the funding ends"))
    reasons = _text(_("Why is the funding ending?"), _("Enter the reasons the funding is ending"))
    impact = _text(
        _("What is the impact on the people who use the service?"),
        _("Enter the impact on the people who use the service"),
    )
    justification = _justification(
        _("Why must the notice period depart from the Compact? (only if it does)")
    )


class ReduceForm(ActionForm):
    effective_on = _date(_("Date the reduced funding starts"))
    value_after = forms.DecimalField(
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        label=_("New value of the funding over the rest of its term (£)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"required": _("Enter the new value"), "invalid": _("Enter a number")},
    )
    reasons = _text(_("Why is the funding falling?"), _("Enter the reasons the funding is falling"))
    impact = _text(
        _("What is the impact on the people who use the service?"),
        _("Enter the impact on the people who use the service"),
    )
    justification = _justification(
        _("Why must the notice period depart from the Compact? (only if it does)")
    )


class DocumentActionForm(ActionForm):
    """A document for the tender pack; after publication, with the reason bidders see."""

    kind = forms.ChoiceField(
        label=_("What is it?"),
        widget=forms.RadioSelect,
        choices=ExerciseDocument.Kind.choices,
        error_messages={"required": _("Choose what the document is")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter the document's title")},
    )
    file = UploadField(
        label=_("The document"),
        help_text=_("PDF, Word, OpenDocument, plain text, JPEG or PNG, smaller than 10MB."),
        error_messages={"required": _("Choose a file to add")},
    )
    # One-time: the same form sent twice adds the document once.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    reason = _text(
        _("Why is it added now?"),
        _("Say why the opportunity is changed: every bidder is told"),
        hint=_(
            "The opportunity is published: this is an amendment, and every organisation "
            "with a bid is told, with your reason."
        ),
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = secrets.token_urlsafe(24)
        if exercise is None or exercise.stage != ExerciseStage.TENDER:
            del self.fields["reason"]
        self.helper = form_helper(*self.layout())


class CriteriaForm(ActionForm):
    """How bids will be scored: up to eight criteria, weights adding up to 100."""

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        now = list(exercise.criteria.all()) if exercise is not None else []
        for n in range(1, Criterion.MAX + 1):
            given = now[n - 1] if n <= len(now) else None
            self.fields[f"name_{n}"] = forms.CharField(
                label=(
                    gettext("Criterion %(number)s")
                    if n == 1
                    else gettext("Criterion %(number)s (optional)")
                )
                % {"number": n},
                max_length=200,
                required=n == 1,
                initial=given.name if given else "",
                error_messages={"required": gettext("Enter at least one criterion")},
            )
            self.fields[f"weight_{n}"] = forms.IntegerField(
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                label=gettext("Weight of criterion %(number)s (%%)") % {"number": n},
                min_value=1,
                max_value=100,
                required=False,
                initial=given.weight if given else None,
            )
        self.helper = form_helper(*self.layout())

    def clean(self):
        data = super().clean()
        criteria = []
        for n in range(1, Criterion.MAX + 1):
            name, weight = data.get(f"name_{n}"), data.get(f"weight_{n}")
            if name and not weight:
                self.add_error(
                    f"weight_{n}", gettext("Give criterion %(number)s a weight") % {"number": n}
                )
            elif weight and not name:
                self.add_error(
                    f"name_{n}",
                    gettext("Name criterion %(number)s, or clear its weight") % {"number": n},
                )
            elif name:
                criteria.append((name, weight))
        data["criteria"] = criteria
        return data


class MoveClosingForm(ActionForm):
    closes_on = _date(_("New closing date"))
    closes_at = forms.TimeField(
        label=_("New closing time"),
        help_text=_("For example, 12:00."),
        initial="12:00",
        error_messages={
            "required": _("Enter the closing time"),
            "invalid": _("Enter a time like 12:00"),
        },
    )
    reason = _text(
        _("Why is it moved?"),
        _("Say why the opportunity is changed: every bidder is told"),
        hint=_("Every organisation with a bid is told, with your reason."),
        rows=3,
    )
    bid_window_justification = _justification(
        _("Why must the bid window depart from the Compact? (only if it does)")
    )


class CancelForm(ActionForm):
    reasons = _text(
        _("Why is the exercise cancelled?"),
        _("Enter the reasons the exercise is cancelled"),
        hint=_("Everyone who bid will be told."),
    )


class RespondForm(ActionForm):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Responding for"),
        empty_label=None,
        error_messages={"required": _("Select your organisation")},
    )

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        organisations = kwargs.get("organisations")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.questions = list(exercise.questions.all())
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = _text(question.text, "", required=False, rows=3)
        self.helper = form_helper(*self.layout())

    def clean(self):
        data = super().clean()
        data["answers"] = {str(q.pk): data.get(f"q_{q.pk}", "") for q in self.questions}
        return data


class AskForm(ActionForm):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Asking for"),
        empty_label=None,
        error_messages={"required": _("Select your organisation")},
    )
    question = _text(
        _("Your question"),
        _("Enter your question"),
        hint=_("The question and its answer are shown to every bidder, without your name."),
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        organisations = kwargs.get("organisations")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class StartBidForm(ActionForm):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Bidding for"),
        empty_label=None,
        error_messages={"required": _("Select your organisation")},
    )

    def __init__(self, *args, **kwargs):
        organisations = kwargs.get("organisations")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DepartureReviewForm(ActionForm):
    departure = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Which departure are you reviewing?"),
        error_messages={"required": _("Select the departure")},
    )
    notes = _text(
        _("Your review"),
        _("Enter your review notes"),
        hint=_("Shown with the departure on this page, and counted in the annual review."),
    )

    def __init__(self, *args, **kwargs):
        exercise = kwargs.get("exercise")
        super().__init__(*args, **kwargs)
        self.fields["departure"].queryset = exercise.departures.filter(reviewed_at__isnull=True)
        self.fields["departure"].label_from_instance = lambda d: d.get_rule_display()


ACTION_FORMS = {
    "departure": DepartureReviewForm,
    "consult": ConsultForm,
    "summary": SummaryForm,
    "tender": TenderForm,
    "answer": AnswerForm,
    "award": AwardForm,
    "start": StartForm,
    "review": ReviewForm,
    "notice": NoticeForm,
    "reduce": ReduceForm,
    "document": DocumentActionForm,
    "criteria": CriteriaForm,
    "amend": MoveClosingForm,
    "cancel": CancelForm,
    "respond": RespondForm,
    "ask": AskForm,
    "bid": StartBidForm,
}


class OpportunityFilterForm(Form):
    compact = forms.ChoiceField(label=_("Compact"), required=False)
    funding_type = forms.ChoiceField(
        label=_("Funding"),
        required=False,
        choices=[("", _("Any funding"))] + FundingType.choices,
    )
    closes_before = forms.DateField(
        label=_("Closing on or before"),
        required=False,
        help_text=_("For example, 2027-03-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("closing", _("Closing soonest")),
            ("newest", _("Newest")),
            ("value", _("Value")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].choices = [("", gettext("All compacts"))] + [
            (c.slug, c.area) for c in Compact.objects.all()
        ]


class ConsultationFilterForm(Form):
    compact = forms.ChoiceField(label=_("Compact"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("closing", _("Closing soonest")), ("newest", _("Newest"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].choices = [("", gettext("All compacts"))] + [
            (c.slug, c.area) for c in Compact.objects.all()
        ]


class ExerciseForm(Form):
    compact = forms.ModelChoiceField(
        queryset=None,
        label=_("Compact"),
        empty_label=None,
        error_messages={"required": _("Select the compact")},
    )
    commissioner = forms.ModelChoiceField(
        queryset=None,
        label=_("Commissioning organisation"),
        empty_label=None,
        error_messages={"required": _("Select your organisation")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    service = _text(_("The service"), _("Describe the service"))
    outcomes = _text(_("Outcomes sought"), _("Enter the outcomes sought"))
    funding_type = forms.ChoiceField(
        label=_("Funding relationship"),
        widget=forms.RadioSelect,
        choices=FundingType.choices,
        error_messages={"required": _("Choose the funding relationship")},
    )
    estimated_value = forms.DecimalField(
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        label=_("Estimated value (£)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": _("Enter the estimated value"),
            "invalid": _("Enter a number"),
        },
    )
    term_years = forms.IntegerField(
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        label=_("Term (years)"),
        min_value=1,
        max_value=25,
        error_messages={"required": _("Enter the term in years")},
    )
    full_cost_recovery = forms.BooleanField(
        label=_("Bids may recover their full costs, including a fair share of overheads"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, organisations=None, compacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].queryset = compacts
        self.fields["commissioner"].queryset = organisations
        self.helper = form_helper(
            Field.select("compact"),
            Field.select("commissioner"),
            Field.text("title"),
            Field.textarea("service", rows=4),
            Field.textarea("outcomes", rows=4),
            Field.radios("funding_type", legend_size=Size.SMALL),
            Field.text("estimated_value", field_width=10),
            Field.text("term_years", field_width=4),
            Field.checkbox("full_cost_recovery"),
        )


class BidForm(ModelForm):
    class Meta:
        model = Bid
        fields = ["proposal", "direct_costs", "overheads"]
        labels = {
            "proposal": _("Your proposal"),
            "direct_costs": _("Direct costs of the service (£)"),
            "overheads": _("Your share of overheads (£)"),
        }
        help_texts = {
            "proposal": _("How you will deliver the service and the outcomes sought."),
            "overheads": _(
                "Full cost recovery: a fair share of your running costs, such as "
                "management, premises and finance. Enter 0 if none."
            ),
        }
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 8}),
            "direct_costs": forms.TextInput(attrs={"inputmode": "decimal"}),
            "overheads": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("proposal", rows=8),
            Field.text("direct_costs", field_width=10),
            Field.text("overheads", field_width=10),
        )


class PartnerForm(Form):
    """Name a partner in a consortium bid: a voluntary organisation of the compact."""

    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Add a partner organisation"),
        help_text=_(
            "A voluntary organisation that has signed the compact. Its people will "
            "see this bid and follow it; only your organisation changes it."
        ),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the partner organisation")},
    )

    def __init__(self, *args, bid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(
                sector=Sector.VCS,
                signatures__compact=bid.exercise.compact_id,
                signatures__left_on__isnull=True,
            )
            .exclude(pk=bid.organisation_id)
            .exclude(partnered_bids__bid=bid)
            .order_by("name")
        )
        self.helper = form_helper(Field.select("organisation"))


class BidResponseForm(Form):
    review = forms.ModelChoiceField(
        queryset=None,
        label=_("Which review are you answering?"),
        empty_label=None,
        error_messages={"required": _("Select the review")},
    )
    response = _text(_("Your response"), _("Enter your response"))

    def __init__(self, *args, bid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = bid.reviews.filter(completed_at__isnull=False)
        self.fields["review"].label_from_instance = lambda r: (
            gettext("Review due %(date)s") % {"date": date_format(r.due_on, "j F Y")}
        )
        self.helper = form_helper(Field.select("review"), Field.textarea("response", rows=4))


class ExerciseFilterForm(Form):
    """The commissioner's list of exercises: its filters and sort, from the query string."""

    stage = forms.ChoiceField(label=_("Stage"), required=False)
    compact = forms.ChoiceField(label=_("Compact"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("reference", _("Reference")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, *args, compacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            ("", gettext("Any stage")),
            ("open", gettext("Not closed or cancelled")),
            *ExerciseStage.choices,
        ]
        self.fields["compact"].choices = [("", gettext("All compacts"))] + [
            (c.slug, c.name) for c in compacts
        ]


class AlertForm(Form):
    """Follow opportunities and consultations: of a compact or all, a kind of funding or
    any, and words to look for."""

    compact = forms.ModelChoiceField(
        queryset=Compact.objects.order_by("name"),
        required=False,
        empty_label=_("Every compact"),
        label=_("Compact"),
    )
    funding_type = forms.ChoiceField(
        label=_("Kind of funding"),
        required=False,
        choices=[("", _("Any funding")), *FundingType.choices],
    )
    keywords = forms.CharField(
        label=_("Words to look for (optional)"),
        help_text=_(
            "For example: carers, transport. You are told of those that mention any of them."
        ),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.select("compact"), Field.select("funding_type"), Field.text("keywords")
        )
