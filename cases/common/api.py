"""What every API endpoint shares: paging, form fields as schema, and errors as JSON.

Errors have one shape: `{"detail": "...", "errors": [{"field": ..., "rule": ..., "message":
...}]}`. A field that breaks a rule is 422; a change the record's state does not allow now
is 409; no token, or a bad one, is 401; a record the caller may not know about is 404,
exactly as if it did not exist."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.errors import HttpError
from pydantic import Field as PydanticField
from pydantic import WithJsonSchema, create_model

from cases.common.forms import DayMonthYearField
from cases.common.text import DIRECTION_CONTROLS
from cases.common.uploads import MAX_UPLOAD_BYTES

# Authentication.


def refuse_nul(request) -> None:
    """No text the API takes may hold a NUL character (nobody types one, and PostgreSQL
    cannot store or even compare one) or a hidden direction character (text that shows
    other than it reads, `cases.common.text.DIRECTION_CONTROLS`), however it is written
    in the JSON. Checked before anything reads the request."""
    from urllib.parse import unquote

    if request.content_type == "multipart/form-data" and request.path.endswith(MULTIPART_ROUTES):
        # A route that takes a file. Files are not text (a PDF holds NUL bytes): the form's
        # text fields are checked, and each file by the upload checks of the service that
        # takes it. Any other route reads its body as JSON, checked whole below.
        _refuse_in_form_fields(request)
        return
    try:
        body = request.body
    except RequestDataTooBig:
        raise HttpError(413, _("The request is too big.")) from None
    if (
        "\x00" in request.path
        or "\x00" in unquote(request.META.get("QUERY_STRING", ""))
        or b"\x00" in body
        or b"\\u0000" in body
    ):
        message = _("Remove the hidden control characters (NUL) from the request")
        raise ValidationError({"__all__": [ValidationError(message, code="null_characters")]})
    lowered = body.lower()
    if any(
        char.encode() in body or f"\\u{ord(char):04x}".encode() in lowered
        for char in DIRECTION_CONTROLS
    ):
        message = _("Remove the hidden direction characters from the request")
        raise ValidationError({"__all__": [ValidationError(message, code="direction_characters")]})


MULTIPART_ROUTES = ("/documents",)  # the API routes that take a file
MULTIPART_LIMIT = MAX_UPLOAD_BYTES + 1_000_000  # one file and its form, at most


def _refuse_in_form_fields(request) -> None:
    from urllib.parse import unquote

    from django.core.exceptions import SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
    from django.http.multipartparser import MultiPartParserError

    from cases.common.text import hidden_characters

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HttpError(400, _("The request's length is not a number.")) from None
    if length > MULTIPART_LIMIT:  # refused before any of it is read
        raise HttpError(413, _("The request is too big."))
    try:
        fields = list(request.POST.lists())
        request.FILES  # noqa: B018 - parsed here, so a broken body is a 400, not a 500
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        raise HttpError(413, _("The request is too big.")) from None
    except (MultiPartParserError, SuspiciousOperation):
        raise HttpError(400, _("The request's form data cannot be read.")) from None
    texts = [request.path, unquote(request.META.get("QUERY_STRING", ""))]
    texts += [value for _name, values in fields for value in values]
    for text in texts:
        if hidden_characters(text):
            if "\x00" in text:
                code = "null_characters"
                message = _("Remove the hidden control characters from the request")
            else:
                code = "direction_characters"
                message = _("Remove the hidden direction characters from the request")
            raise ValidationError({"__all__": [ValidationError(message, code=code)]})


# Sums of money in pounds: a number, or a string of digits with at most two decimal
# places (never an empty string), up to 9,999,999,999.99.
MONEY_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
Money = Annotated[
    Decimal,
    PydanticField(ge=0, max_digits=12, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 9_999_999_999.99, "multipleOf": 0.01},
                {"type": "string", "pattern": MONEY_PATTERN},
            ],
            "description": "Pounds, with at most two decimal places",
        }
    ),
]

# Record ids in paths: a whole number the database can hold.
Id = Annotated[int, Path(ge=1, le=2_147_483_647, description="The record's id")]


# Paging.

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000, description="The page, from 1")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items a page")


_pages: dict[type, type] = {}


def page_of(item: type) -> type:
    """The schema of one page of `item`s: `{items, count, page, pages, page_size}`."""
    if item not in _pages:
        _pages[item] = create_model(
            f"{item.__name__.removesuffix('Out')}Page",
            __base__=Schema,
            items=(list[item], ...),
            count=(int, Field(..., description="Items in all pages")),
            page=(int, ...),
            pages=(int, ...),
            page_size=(int, ...),
        )
    return _pages[item]


def paged(queryset, paging: Paging, convert=None) -> dict[str, Any]:
    """One page of `queryset` (sorted in the database), with `convert` applied to the
    page's rows only. A page past the end is empty, not an error."""
    count = Paginator(queryset, paging.page_size).count
    pages = max(1, math.ceil(count / paging.page_size))
    start = (paging.page - 1) * paging.page_size
    rows = list(queryset[start : start + paging.page_size]) if start < count else []
    if convert is not None:
        rows = convert(rows)
    return {
        "items": rows,
        "count": count,
        "page": paging.page,
        "pages": pages,
        "page_size": paging.page_size,
    }


# Errors.


class FieldError(Schema):
    field: str | None = Field(None, description="The field, or null for the whole request")
    rule: str = Field(..., description="The rule it broke, such as required or invalid")
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def form_errors(form: forms.Form) -> list[dict]:
    out = []
    for field, errors in form.errors.as_data().items():
        for error in errors:
            for message in error.messages:
                out.append(
                    {
                        "field": None if field == "__all__" else field,
                        "rule": error.code or "invalid",
                        "message": message,
                    }
                )
    return out


# Describing and filling the pages' forms.


def field_spec(name: str, field: forms.Field) -> dict:
    """A form field as the API describes it: its name, label, type, whether it is
    required, and its choices."""
    kind = "string"
    if isinstance(field, DayMonthYearField | forms.DateField):
        kind = "date"
    elif isinstance(field, forms.TimeField):
        kind = "time"
    elif isinstance(field, forms.IntegerField):
        kind = "integer"
    elif isinstance(field, forms.DecimalField):
        kind = "decimal"
    elif isinstance(field, forms.BooleanField):
        kind = "boolean"
    elif isinstance(field, forms.FileField):
        kind = "file"
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        kind = "list"
    choices = None
    if hasattr(field, "choices"):
        choices = [
            {"value": str(value), "label": str(label)}
            for value, label in field.choices
            if value not in ("", None)
        ]
    return {
        "name": name,
        "label": str(field.label or name),
        "type": kind,
        "required": field.required,
        "help": str(field.help_text or ""),
        "choices": choices,
    }


class FormFieldOut(Schema):
    name: str
    label: str
    type: str = Field(..., description="string, date (YYYY-MM-DD), time, integer, decimal, …")
    required: bool
    help: str
    choices: list[dict[str, str]] | None = None


def form_data(blank: forms.Form, payload: dict[str, Any]) -> dict:
    """The JSON body as the page's form (`blank`, unbound) reads a POST: a date field's
    `YYYY-MM-DD` is split into the day, month and year boxes of the GOV.UK date input."""
    data: dict[str, Any] = {}
    for key, value in payload.items():
        field = blank.fields.get(key)
        if field is None:
            continue  # not one of the form's fields: ignored, as a page ignores it
        for text in value if isinstance(value, list | tuple) else [value]:
            try:
                str(text).encode("utf-8")
            except UnicodeEncodeError:
                message = _("Remove the characters that are not real text (lone surrogates)")
                raise ValidationError({key: [ValidationError(message, code="invalid")]}) from None
        if isinstance(field, DayMonthYearField):
            day = month = year = ""
            if isinstance(value, str):
                try:
                    parsed = datetime.date.fromisoformat(value)
                except ValueError:
                    day, month, year = value, "", ""  # left for the field to refuse
                else:
                    day, month, year = parsed.day, parsed.month, parsed.year
            data[f"{key}_0"], data[f"{key}_1"], data[f"{key}_2"] = day, month, year
        elif isinstance(value, bool):
            data[key] = "on" if value else ""
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is None:
            continue
        else:
            data[key] = str(value)
    return data
