"""The API's reference page, made from its OpenAPI document, and personal API tokens on
the account page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.models import ApiToken
from cases.services import tokens as token_services


def _operations(schema: dict) -> list[dict]:
    """The OpenAPI document's operations, grouped by tag, in the document's order."""
    groups: dict[str, list] = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            tag = (operation.get("tags") or ["Other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "has_body": "requestBody" in operation,
                    "needs_token": any("TokenAuth" in s for s in operation.get("security", []))
                    and not any("PublicOrToken" in s for s in operation.get("security", [])),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def api_not_found(request):
    """Any other address under /api/: the API's own 404, as JSON."""
    return JsonResponse({"detail": "Not found.", "errors": []}, status=404)


def api_reference(request):
    from cases.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return render(
        request,
        "api/reference.html",
        {"schema": schema, "groups": _operations(schema)},
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, our council's grants system.",
        max_length=100,
        error_messages={"required": "Enter what the token is for"},
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        coerce=int,
        choices=[(str(k), v) for k, v in token_services.LIFETIMES.items()],
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long the token lasts"},
    )

    def __init__(self, *args, **kwargs):
        from crispy_forms_gds.helper import FormHelper
        from crispy_forms_gds.layout import Field, Layout, Size

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
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
                _, new_key = token_services.token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
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
    messages.success(request, f"The token “{token.name}” is revoked. It no longer works.")
    return redirect("api-tokens")
