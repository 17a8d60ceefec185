"""Hidden direction characters (U+202A-U+202E, U+2066-U+2069) make text show other than
it reads: "paid 0001 pounds" with a right-to-left override shows as "1000". Every form of
the service refuses them in what a person types, the services refuse them in a dispute's
text and timeline, and the API in any request, each with a plain message; an upload's
name loses them. Pages show people's text with dir="auto", so right-to-left writing
itself needs no controls."""

import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.common.text import DIRECTION_CONTROLS, plain
from cases.common.uploads import safe_display_name
from cases.disputes.models import Dispute
from tests.api.conftest import Api
from tests.factories import DisputeWorld

pytestmark = pytest.mark.django_db

FIELDS = ("what_happened", "already_tried", "outcome_sought")
SOME = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SOME
@given(
    field=st.sampled_from(FIELDS),
    control=st.sampled_from(sorted(DIRECTION_CONTROLS)),
    text=st.text(
        alphabet=st.characters(
            exclude_categories=["Cs"], exclude_characters="\x00" + "".join(DIRECTION_CONTROLS)
        ),
        min_size=1,
        max_size=40,
    ).filter(str.strip),
    at=st.integers(min_value=0, max_value=40),
)
def test_a_dispute_s_text_with_a_direction_character_is_refused_plainly(field, control, text, at):
    world = DisputeWorld()
    before = Dispute.objects.count()
    spoofed = text[:at] + control + text[at:]
    with pytest.raises(ValidationError) as refused:
        world.raise_dispute(**{field: spoofed})
    assert refused.value.message_dict[field] == [
        "Remove the hidden direction characters from this text"
    ]
    assert Dispute.objects.count() == before


def test_timelines_refuse_them_and_right_to_left_text_itself_is_kept():
    with pytest.raises(ValidationError, match="hidden direction characters"):
        plain("paid \u202e0001\u202c pounds")
    assert plain(" مرحبا שלום ") == "مرحبا שלום"  # Arabic and Hebrew need no controls


def test_an_upload_s_name_loses_them():
    assert safe_display_name("invoice\u202egnp.exe") == "invoicegnp.exe"


@pytest.mark.parametrize(
    "written", ["paid \u202e0001 pounds", "paid \\u202E0001 pounds"], ids=["raw", "escaped"]
)
def test_the_api_refuses_them_however_the_json_writes_them(written):
    world = DisputeWorld()
    body = json.dumps(
        {
            "compact": world.compact.slug,
            "complainant": world.complainant_org.slug,
            "respondent": world.respondent_org.slug,
            "commitments": [world.commitment.ref],
            "what_happened": "x",
            "happened_on": "2026-10-01",
            "already_tried": "x",
            "outcome_sought": "x",
        },
        ensure_ascii=False,
    ).replace('"what_happened": "x"', f'"what_happened": "{written}"')
    caller = Api(world.complainant)
    response = caller.client.post(
        "/api/v1/disputes", body.encode(), content_type="application/json", headers=caller.headers
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["rule"] == "direction_characters"
    assert error["message"].startswith("Remove the hidden direction characters")
    assert not Dispute.objects.exists()


# Every form of the service: a property over each free-text field of each form.

FORM_MODULES = (
    "cases.accounts.forms",
    "cases.accounts.views",
    "cases.commissioning.forms",
    "cases.common.forms",
    "cases.disputes.forms",
    "cases.register.forms",
)


def _form_classes():
    import importlib
    import inspect

    from django import forms

    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def _text_fields():
    """(form class, field name) for every text field of every form that can be made
    without a record to act on (those that need one share the same base)."""
    from django import forms

    found = []
    for cls in _form_classes():
        try:
            blank = cls(data={})
        except (AttributeError, TypeError, ValueError):
            continue
        for name, field in blank.fields.items():  # a form may leave out fields it needs not
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                found.append((cls, name))
    return found


def test_every_form_of_the_service_refuses_hidden_characters():
    from cases.common.forms import PlainText

    for cls in _form_classes():
        assert issubclass(cls, PlainText), cls
    assert len(_text_fields()) > 40  # the raise form, the answer, bids, sign-ups, reasons...


@settings(SOME, max_examples=120)
@given(
    data=st.data(),
    control=st.sampled_from(sorted(DIRECTION_CONTROLS)),
    text=st.text(alphabet="abc 0123", min_size=1, max_size=6).filter(str.strip),
    at=st.integers(min_value=0, max_value=6),
)
def test_any_free_text_field_with_a_direction_character_is_refused(data, control, text, at):
    from django import forms

    cls, name = data.draw(st.sampled_from(_text_fields()), label="form and field")
    form = cls(data={name: text[:at] + control + text[at:]})
    assert not form.is_valid()
    assert name in form.errors, (cls, name)  # refused, never kept
    if type(form.fields[name]) is forms.CharField:
        assert "Remove the hidden direction characters from this text" in form.errors[name]


def test_people_s_text_is_shown_isolated_so_right_to_left_writing_cannot_run_on(client):
    world = DisputeWorld()
    dispute = world.raise_dispute(what_happened="מועד קצר מדי", subject="مهلة قصيرة")
    client.force_login(world.complainant)
    page = client.get(dispute.get_absolute_url()).content.decode()
    assert '<div dir="auto">מועד קצר מדי</div>' in page
    assert '<span dir="auto">مهلة قصيرة</span>' in page
    listing = client.get("/disputes/").content.decode()
    assert '<span dir="auto">مهلة قصيرة</span>' in listing
