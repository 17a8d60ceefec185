from crispy_forms_gds.layout import Field
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.common.forms import Form, form_helper
from cases.privacy.models import RecordKind
from cases.register.models import AccessEvent


class AccessLogFilterForm(Form):
    compact = forms.ChoiceField(label=_("Compact"), required=False)
    reference = forms.CharField(
        label=_("Case reference"),
        required=False,
        max_length=40,
        help_text=_("A dispute's, like SWA-D-2026-0001, or an exercise's for its bids."),
    )
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Their username, surname or e-mail address."),
    )
    kind = forms.ChoiceField(
        label=_("What was read"),
        required=False,
        choices=[("", _("Anything"))] + AccessEvent.Kind.choices,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def __init__(self, *args, compacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].choices = [("", _("All your compacts"))] + [
            (c.slug, c.name) for c in compacts
        ]
        self.helper = form_helper(
            Field.select("compact"),
            Field.text("reference", field_width=20),
            Field.text("person", field_width=20),
            Field.select("kind"),
            Field.select("sort"),
        )


class RetentionRuleForm(Form):
    compact = forms.ChoiceField(label=_("For"))
    kind = forms.ChoiceField(label=_("Record"), choices=RecordKind.choices)
    months = forms.IntegerField(
        label=_("Kept for (months)"),
        min_value=1,
        max_value=240,
        error_messages={
            "required": _("Enter how many months it is kept"),
            "invalid": _("Enter a whole number of months"),
            "min_value": _("Enter a number of months from 1 to 240"),
            "max_value": _("Enter a number of months from 1 to 240"),
        },
    )

    def __init__(self, *args, compacts, service_wide, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole service"))] if service_wide else []
        self.fields["compact"].choices = choices + [(c.slug, c.name) for c in compacts]
        self.fields["compact"].required = not service_wide
        self.fields["compact"].error_messages["required"] = _("Choose the compact")
        self.fields["kind"].error_messages["required"] = _("Choose the record")
        self.fields["months"].widget.attrs["inputmode"] = "numeric"
        self.helper = form_helper(
            Field.select("compact"), Field.select("kind"), Field.text("months", field_width=4)
        )


class HoldForm(Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=40,
        help_text=_("A dispute's or an exercise's, like SWA-D-2026-0001."),
        error_messages={"required": _("Enter the case's reference")},
    )
    reason = forms.CharField(
        label=_("Why is it held?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example a claim, a complaint to the ombudsman or an inquiry."),
        error_messages={"required": _("Say why the case is held")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("reference", field_width=20), Field.textarea("reason", rows=3)
        )


class LiftForm(Form):
    reason = forms.CharField(
        label=_("Why is the hold lifted?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why the hold is lifted")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=3))


class FindPersonForm(Form):
    person = forms.CharField(
        label=_("Who is asking?"),
        max_length=150,
        help_text=_("Their username, e-mail address or surname."),
        error_messages={"required": _("Enter the person's username, e-mail address or surname")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("person", field_width=20))


class EraseForm(Form):
    reason = forms.CharField(
        label=_("Why is the person erased?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: asked by e-mail on 3 December; no legal reason to keep it."),
        error_messages={"required": _("Say why the person is erased")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=3))
