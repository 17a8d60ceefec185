"""What every subject's forms share: the crispy helper, GOV.UK's date input, a checked
upload, and the fields and base of a step's choice-and-text form. Forms collect and check
input; services do the writing."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.common.text import hidden_characters
from cases.common.uploads import check_upload


def form_helper(*layout) -> FormHelper:
    """A crispy helper for a form inside a page's own <form> (the page adds the tag and
    the CSRF token)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def carried_over(post) -> list[tuple[str, str]]:
    """What was typed, as hidden (name, value) pairs for an "Are you sure?" page to send
    on with the answer (`confirmed`), leaving out the CSRF token and that answer."""
    return [
        (name, value)
        for name, values in post.lists()
        if name not in ("csrfmiddlewaretoken", "confirmed")
        for value in values
    ]


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, or on the whole form
    (and so in the error summary) when it names none the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class PlainText:
    """For every form of the service: text a person types is refused, with a plain message
    on its field, when it holds characters no person types (NUL) or that make it show
    other than it reads (hidden direction characters: "paid 0001 pounds" with a
    right-to-left override shows as "1000"). Passwords are left as typed."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            value = self.cleaned_data.get(name)
            message = hidden_characters(value) if isinstance(value, str) else None
            if message:
                self.add_error(name, message)


class Form(PlainText, forms.Form):
    """The service's forms: Django's, refusing hidden characters (`PlainText`)."""


class ModelForm(PlainText, forms.ModelForm):
    """The service's model forms: Django's, refusing hidden characters (`PlainText`)."""


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
            raise forms.ValidationError(_("Enter a year between 1900 and 2100"), code="year_range")
        return value


class UploadField(forms.FileField):
    """A file field whose file passes the service's upload checks (its type read from its
    content, its size), with the checks' plain message on the field."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload


class DocumentForm(Form):
    file = UploadField(
        label=gettext_lazy("Add a document"),
        help_text=gettext_lazy(
            "PDF, Word, OpenDocument, plain text, JPEG or PNG, smaller than 10MB."
        ),
        error_messages={"required": gettext_lazy("Choose a file to add")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("file"))


def _named(make, label):
    """A message naming the date asked for, written in the reader's language when shown
    (`make` is given the label, lowercased): the field is made once, at import."""
    return lazy(lambda: make(str(label).lower()), str)()


DATE_HINT = gettext_lazy("For example, 27 3 2027.")


def date_field(label, hint=DATE_HINT, required=True):
    """GOV.UK's date input, with plain messages naming the date asked for."""
    field = DayMonthYearField(label=label, help_text=hint, require_all_fields=False)
    field.required = required
    field.error_messages.update(
        required=_named(lambda name: _("Enter the %(date)s") % {"date": name}, label),
        incomplete=_named(
            lambda name: _("Enter the %(date)s, with a day, month and year") % {"date": name},
            label,
        ),
        invalid=_named(lambda name: _("The %(date)s must be a real date") % {"date": name}, label),
    )
    return field


def radio_field(label, choices, message):
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=choices,
        error_messages={"required": message},
    )


def text_field(label, message, hint="", required=True, rows=5):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=10_000,
        error_messages={"required": message},
    )


class ChoiceAndTextForm(Form):
    """A step's choice (radios) and its text. When the choice is
    `text_needed_for`, the text must be given: `text_needed_message` says so."""

    text_needed_for = None
    text_needed_message = ""
    choice_field = "decision"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios(self.choice_field, legend_size=Size.MEDIUM), "text")

    def clean(self):
        data = super().clean()
        if (
            self.text_needed_for is not None
            and data.get(self.choice_field) == self.text_needed_for
            and not (data.get("text") or "").strip()
        ):
            self.add_error("text", self.text_needed_message)
        return data
