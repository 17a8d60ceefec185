"""GOV.UK-styled versions of Django's sign-in and password forms."""

from crispy_forms_gds.layout import Field
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.common.forms import PlainText, form_helper


class LoginForm(PlainText, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "Enter a correct username and password. Both are case-sensitive."
        ),
        "inactive": gettext_lazy("This account is not active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.helper = form_helper(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
        )


class PasswordResetForm(PlainText, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = _("Enter your email address")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )
        self.helper = form_helper(Field.text("email"))


class SetPasswordForm(PlainText, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("new_password1"), Field.text("new_password2"))
