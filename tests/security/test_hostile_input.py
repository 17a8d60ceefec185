"""Property-based tests: hostile text, dates and files give a clear error or a clean
result, never a server error, and never leave anything half-saved."""

import datetime

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cases.common.uploads import ALLOWED, check_upload
from cases.disputes.models import Dispute, DisputeEvent
from cases.register.models import SignupRequest
from tests.factories import CompactFactory, DisputeWorld

pytestmark = pytest.mark.django_db

hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3000
)
FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(data=st.binary(max_size=4096), name=st.text(max_size=80))
def test_any_upload_is_accepted_as_an_allowed_type_or_refused_plainly(data, name):
    try:
        upload = SimpleUploadedFile(name or "file", data)
    except SuspiciousFileOperation:
        # A name like "/" has no file name in it: Django's upload parser drops such a
        # part before any view sees it.
        assume(False)
    try:
        content_type = check_upload(upload)
    except ValidationError as error:
        assert error.messages and all(isinstance(m, str) for m in error.messages)
    else:
        assert content_type in ALLOWED


@FAST
@given(
    what=hostile_text,
    tried=hostile_text,
    outcome=hostile_text,
    day=st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
)
def test_raising_a_dispute_with_hostile_input_is_all_or_nothing(what, tried, outcome, day):
    world = DisputeWorld()
    before = (Dispute.objects.count(), DisputeEvent.objects.count())
    try:
        dispute = world.raise_dispute(
            what_happened=what, already_tried=tried, outcome_sought=outcome, happened_on=day
        )
    except ValidationError:
        assert (Dispute.objects.count(), DisputeEvent.objects.count()) == before
    else:
        assert dispute.what_happened == what.strip()
        assert dispute.processes.count() == 1  # never a dispute without its procedure


@FAST
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "organisation_name",
                "sector",
                "legal_form",
                "address",
                "postcode",
                "purpose",
                "contact_name",
                "contact_position",
                "contact_email",
                "governing_body",
                "submission_key",
                "agrees_to_principles",
            ]
        ),
        hostile_text,
    )
)
def test_the_public_sign_up_form_never_fails_on_hostile_input(fields):
    compact = CompactFactory()
    client = Client(raise_request_exception=False)
    before = SignupRequest.objects.count()
    response = client.post(reverse("signup-request-create", args=[compact.slug]), fields)
    assert response.status_code in (200, 302, 429)
    if response.status_code == 200:
        assert SignupRequest.objects.count() == before


@FAST
@given(path=st.text(alphabet=st.characters(codec="ascii"), min_size=1, max_size=40))
def test_hostile_references_in_urls_are_not_found(path):
    client = Client(raise_request_exception=False)
    for prefix in ("/disputes/", "/exercises/", "/sign-up-requests/"):
        response = client.get(prefix + path.replace("/", "") + "/")
        assert response.status_code in (200, 301, 302, 404), (prefix, path)


def test_uploads_over_ten_megabytes_are_refused():
    from cases.common.uploads import MAX_UPLOAD_BYTES

    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError, match="smaller than 10MB"):
        check_upload(big)
