"""The account's personal API tokens: list, make (shown once) and revoke."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.accounts import services as token_services
from cases.accounts.models import ApiToken
from cases.common.forms import Form, apply_errors, form_helper


class TokenForm(Form):
    name = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        help_text=gettext_lazy("For example, our council's grants system."),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter what the token is for")},
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("How long should it last?"),
        coerce=int,
        choices=[(str(k), v) for k, v in token_services.LIFETIMES.items()],
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how long the token lasts")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name"), Field.radios("days", legend_size=Size.SMALL, inline=True)
        )


@login_required
def token_list(request):
    form = TokenForm(request.POST or None, prefix="token")
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_key = token_services.token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                form = TokenForm(prefix="token")
        else:
            status = 400
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_services.token_revoke(token=token, by=request.user)
    messages.success(
        request,
        _("The token “%(name)s” is revoked. It no longer works.") % {"name": token.name},
    )
    return redirect("api-tokens")
