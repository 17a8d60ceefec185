"""Commissioning exercises published as OCDS 1.1 releases: valid against the standard and
the project's own extension (fetched from the live test server, as any validator would
fetch it), one release a public step, and nothing the public page does not show."""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import InvalidPage
from django.test import RequestFactory
from django.urls import reverse
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdsextensionregistry import util as fetcher

from cases.commissioning import services
from cases.commissioning.models import ExerciseStage, Review
from cases.commissioning.ocds import releases as ocds
from tests.factories import (
    CommissioningWorld,
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    UserFactory,
)

UTC = datetime.UTC
D = datetime.date
STANDARD_ZIP = Path(__file__).resolve().parents[2] / "data" / "ocds-standard-1__1__5.zip"
EXTENSION_DIR = (
    Path(__file__).resolve().parents[3] / "cases" / "commissioning" / "ocds" / "extension"
)

# Every stage an exercise can be published at, in the order an exercise reaches them.
STAGES = [
    "consultation",
    "summary",
    "tender",
    "evaluation",
    "award",
    "review",
    "decommission",
    "closed",
]
# The tags of each stage's releases, oldest first, and the tender's status at the end.
EXPECTED = {
    "consultation": ([["planning"]], "planning"),
    "summary": ([["planning"], ["planningUpdate"]], "planning"),
    "tender": (
        [["planning"], ["planningUpdate"], ["tender"], ["tenderAmendment"], ["tenderAmendment"]],
        "active",
    ),
    "evaluation": (
        [
            ["planning"],
            ["planningUpdate"],
            ["tender"],
            ["tenderAmendment"],
            ["tenderAmendment"],
            ["tenderUpdate"],
        ],
        "active",
    ),
    "award": (
        [
            ["planning"],
            ["planningUpdate"],
            ["tender"],
            ["tenderAmendment"],
            ["tenderAmendment"],
            ["tenderUpdate"],
            ["tenderUpdate", "award"],
        ],
        "complete",
    ),
    "review": (
        [
            ["planning"],
            ["planningUpdate"],
            ["tender"],
            ["tenderAmendment"],
            ["tenderAmendment"],
            ["tenderUpdate"],
            ["tenderUpdate", "award"],
            ["contract"],
            ["implementation"],
        ],
        "complete",
    ),
    "decommission": (
        [
            ["planning"],
            ["planningUpdate"],
            ["tender"],
            ["tenderAmendment"],
            ["tenderAmendment"],
            ["tenderUpdate"],
            ["tenderUpdate", "award"],
            ["contract"],
            ["implementation"],
            ["contractAmendment"],
        ],
        "complete",
    ),
    "closed": (
        [
            ["planning"],
            ["planningUpdate"],
            ["tender"],
            ["tenderAmendment"],
            ["tenderAmendment"],
            ["tenderUpdate"],
            ["tenderUpdate", "award"],
            ["contract"],
            ["implementation"],
            ["contractAmendment"],
            ["contractTermination"],
        ],
        "complete",
    ),
    "cancelled": ([["tender"], ["tenderCancellation"]], "cancelled"),
}


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


class World(CommissioningWorld):
    """The commissioning world, with a fourth organisation that only drafts its bid."""

    def __init__(self):
        super().__init__()
        self.drafter = OrganisationFactory(name="Riverside Draft Writers")
        SignatoryFactory(compact=self.compact, organisation=self.drafter)
        self.drafter_user = MembershipFactory(organisation=self.drafter, role="member").user

    @property
    def withdrawn(self):
        return self.bidders[2][0]


def _bid(world, exercise, n):
    org, user = world.bidders[n]
    bid = services.bid_save(
        exercise=exercise,
        by=user,
        organisation=org,
        data={
            "proposal": f"Confidential plan of {org}.",
            "direct_costs": Decimal("90417") + n,
            "overheads": Decimal("12011"),
        },
    )
    return services.bid_submit(bid=bid, by=user)


def walk(world, *, winners=1):
    """Walk one exercise through every public stage with the real steps, yielding it at
    each. The bid window is short and notice is short, each with a justification, so the
    exercise has departures from the Compact; one bid is withdrawn and one left a draft."""
    commissioner = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        services.exercise_open_consultation(
            exercise=exercise,
            by=commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 3, 29),
            questions=["What do carers need?"],
        )
        # The tender pack, made before publication: a specification and the criteria.
        services.exercise_add_document(
            exercise=exercise,
            by=commissioner,
            kind="specification",
            title="Service specification",
            upload=SimpleUploadedFile("spec.txt", b"What the service does."),
        )
        services.exercise_set_criteria(
            exercise=exercise, by=commissioner, criteria=[("Quality", 60), ("Cost", 40)]
        )
        org, user = world.bidders[0]
        services.consultation_respond(
            exercise=exercise,
            by=user,
            organisation=org,
            answers={str(exercise.questions.get().pk): "Breaks, said our member Jo Bloggs."},
        )
        exercise.refresh_from_db()
        yield "consultation", exercise

        clock.move_to(at(D(2027, 3, 30)))
        services.exercise_publish_summary(
            exercise=exercise,
            by=commissioner,
            summary="You said carers need breaks; we added respite to the outcomes.",
        )
        exercise.refresh_from_db()
        yield "summary", exercise

        services.exercise_publish_tender(
            exercise=exercise,
            by=commissioner,
            opens_on=D(2027, 4, 1),
            bids_close_at=at(D(2027, 4, 20), 12),
            bid_window_justification="The grant must be paid before the summer holidays.",
        )
        clock.move_to(at(D(2027, 4, 1)))
        first, second, third = (_bid(world, exercise, n) for n in range(3))
        services.bid_withdraw(bid=third, by=world.bidders[2][1], reason="Not this year")
        services.bid_save(
            exercise=exercise,
            by=world.drafter_user,
            organisation=world.drafter,
            data={"proposal": "Half a plan", "direct_costs": Decimal("55555")},
        )
        question = services.clarification_ask(
            exercise=exercise,
            by=world.bidders[1][1],
            organisation=world.bidders[1][0],
            question="Can two organisations bid together?",
        )
        services.clarification_answer(
            clarification=question, by=commissioner, answer="Yes, as a consortium."
        )
        # Amendments once published: a document added, the closing time moved.
        services.exercise_add_document(
            exercise=exercise,
            by=commissioner,
            kind="agreement",
            title="Draft grant agreement",
            upload=SimpleUploadedFile("agreement.txt", b"The grant's terms."),
            reason="Bidders asked to see the terms.",
        )
        services.exercise_move_closing(
            exercise=exercise,
            by=commissioner,
            bids_close_at=at(D(2027, 4, 20), 12) + datetime.timedelta(minutes=30),
            reason="Half an hour more, as the portal was slow this morning.",
        )
        exercise.refresh_from_db()
        yield "tender", exercise

        clock.move_to(at(D(2027, 4, 20), 13))
        services.exercise_open_bids(exercise=exercise, by=commissioner)
        exercise.refresh_from_db()
        yield "evaluation", exercise

        criteria = list(exercise.criteria.all())
        for bid, score in ((first, 82), (second, 64)):
            services.bid_evaluate(
                bid=bid,
                by=commissioner,
                score=None,
                notes="Notes",
                feedback="Feedback.",
                parts={c.pk: score for c in criteria},
            )
        services.exercise_finish_evaluation(exercise=exercise, by=commissioner)
        services.exercise_award(
            exercise=exercise, by=commissioner, winners=[first, second][:winners]
        )
        exercise.refresh_from_db()
        yield "award", exercise

        clock.move_to(at(D(2027, 5, 25)))
        services.exercise_start_service(
            exercise=exercise, by=commissioner, starts_on=D(2027, 6, 1), ends_on=D(2030, 5, 31)
        )
        clock.move_to(at(D(2027, 12, 2)))
        for review in Review.objects.filter(exercise=exercise, due_on=D(2027, 12, 1)):
            services.review_complete(
                review=review,
                by=commissioner,
                rating="approaching",
                notes="Private notes: fewer carers reached than planned.",
            )
        exercise.refresh_from_db()
        yield "review", exercise

        clock.move_to(at(D(2029, 9, 1)))
        services.exercise_give_notice(
            exercise=exercise,
            by=commissioner,
            ends_on=D(2029, 10, 31),
            reasons="The council's budget for carers is cut.",
            impact="About 200 carers will lose their breaks.",
            notice_justification="The budget was set late by the government.",
        )
        exercise.refresh_from_db()
        yield "decommission", exercise

        clock.move_to(at(D(2029, 11, 1)))
        services.exercise_close(exercise=exercise, by=commissioner)
        exercise.refresh_from_db()
        yield "closed", exercise


def cancelled(world):
    """An exercise published straight to tender, bid for, and cancelled with the bids
    still sealed."""
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan(title="Volunteer centre")
        services.exercise_publish_tender(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            bids_close_at=at(D(2027, 2, 15), 12),
        )
        _bid(world, exercise, 0)
        clock.move_to(at(D(2027, 1, 20)))
        services.exercise_cancel(
            exercise=exercise,
            by=world.commissioner,
            reasons="The service will be run jointly with the health board instead.",
        )
    exercise.refresh_from_db()
    return exercise


def drive(world, stage, **options):
    """The exercise walked to `stage`, and the clock back to now."""
    if stage == "cancelled":
        return cancelled(world)
    walker = walk(world, **options)
    try:
        for reached, exercise in walker:
            if reached == stage:
                return exercise
    finally:
        walker.close()
    raise AssertionError(stage)


def package_of(exercise, *, extension="https://example.org/ocds/extension/extension.json"):
    return ocds.release_package(
        [exercise],
        uri=f"https://example.org/api/v1/ocds/{ocds.ocid_for(exercise)}/releases.json",
        extension_url=extension,
        base_url="https://example.org",
    )


def validate(package, tmp_path):
    """libcoveocds, offline: the standard from the zip in tests/data, any extension from
    the address the package names."""
    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = STANDARD_ZIP.as_uri()
    return ocds_json_output(str(tmp_path), json_data=package, lib_cove_ocds_config=config)


@pytest.fixture
def extension_at(live_server):
    """The extension's address on the live test server. libcoveocds fetches it through
    ocdsextensionregistry's cached session: empty the cache so this test fetches the files
    itself, and close the session's connections before the server stops."""
    fetcher.session.cache.clear()
    host = live_server.url.removeprefix("http://")
    yield ocds.extension_url(RequestFactory().get("/", HTTP_HOST=host))
    fetcher.session.cache.clear()
    fetcher.session.close()


@pytest.fixture
def world(db):
    return World()


# Valid OCDS at every stage, with the extension applied.


@pytest.mark.parametrize("stage", [*STAGES, "cancelled"])
def test_every_stage_is_valid_ocds_with_the_compact_extension(
    live_server, extension_at, tmp_path, stage
):
    world = World()
    exercise = drive(world, stage)
    url = extension_at
    assert url == live_server.url + reverse("ocds-extension", args=["extension.json"])
    package = package_of(exercise, extension=url)
    result = validate(package, tmp_path)
    assert result["validation_errors"] == []
    assert result["additional_fields"] == []
    assert result["additional_closed_codelist_values"] == {}
    assert result["additional_open_codelist_values"] == {}
    assert result["extensions"]["invalid_extensions"] == []
    assert result["extensions"]["is_extended_schema"] is True
    assert [e["url"] for e in result["extensions"]["extensions"]] == [url]
    assert all(r["compact"] for r in package["releases"])


def test_the_extension_is_applied_so_a_wrong_type_in_it_is_an_error(extension_at, tmp_path):
    world = World()
    exercise = drive(world, "decommission")
    package = package_of(exercise, extension=extension_at)
    latest = package["releases"][-1]
    assert latest["compact"]["fullCostRecovery"] is True
    assert latest["compact"]["notice"] == {
        "minimumMonths": 3,
        "months": 1,
        "period": {
            "startDate": "2029-09-01T00:00:00+01:00",
            "endDate": "2029-10-31T23:59:59+00:00",
        },
    }
    latest["compact"]["fullCostRecovery"] = "yes"
    latest["compact"]["departures"][0]["rule"] = "whenever"
    latest["compact"]["notice"]["months"] = "one"
    result = validate(package, tmp_path)
    errors = {(e["field"], e["value"]) for e in result["validation_errors"]}
    assert errors == {
        ("releases/compact/fullCostRecovery", "yes"),
        ("releases/compact/departures/rule", "whenever"),
        ("releases/compact/notice/months", "one"),
    }


def test_without_the_extension_only_the_extensions_fields_are_additional(tmp_path, world):
    """The core schema alone accepts everything else: the extension is the only addition."""
    package = package_of(drive(world, "closed"))
    package.pop("extensions")
    result = validate(package, tmp_path)
    assert result["validation_errors"] == []
    assert [(f["path"], f["field"]) for f in result["additional_fields"]] == [
        ("/releases", "compact")
    ]
    every = {f"{f['path']}/{f['field_name']}" for f in result["all_additional_fields"]}
    assert "/releases/compact/departures/justification" in every
    assert all(field.startswith("/releases/compact") for field in every)
    patch = json.loads((EXTENSION_DIR / "release-schema.json").read_text())
    assert set(patch["properties"]) == {"compact"}


def test_a_package_naming_no_real_extension_gets_no_compact_schema(
    live_server, extension_at, tmp_path, caplog
):
    """The control for the tests above: libcoveocds asks the server for the files the
    package names, and without them `compact` is a field the schema does not know."""
    world = World()
    missing = f"{live_server.url}/api/v1/ocds/extension/missing/extension.json"
    result = validate(package_of(drive(world, "tender"), extension=missing), tmp_path)
    assert "Not Found: /api/v1/ocds/extension/missing/release-schema.json" in caplog.messages
    assert [(f["path"], f["field"]) for f in result["additional_fields"]] == [
        ("/releases", "compact")
    ]


def test_the_extension_files_are_served(client):
    metadata = client.get(reverse("ocds-extension", args=["extension.json"])).json()
    assert metadata["schemas"] == ["release-schema.json"]
    assert metadata["compatibility"] == ["1.1"]
    readme = metadata["documentationUrl"]["en"]
    assert readme == "http://testserver" + reverse("ocds-extension", args=["README.md"])
    assert "compact" in client.get(readme).text
    patch = client.get(reverse("ocds-extension", args=["release-schema.json"]))
    assert patch.json() == json.loads((EXTENSION_DIR / "release-schema.json").read_text())
    assert patch["Access-Control-Allow-Origin"] == "*"
    assert client.get(reverse("ocds-extension", args=["settings.py"])).status_code == 404
    assert client.post(reverse("ocds-extension", args=["extension.json"])).status_code == 405


# One release a public step.


@pytest.mark.parametrize("stage", [*STAGES, "cancelled"])
def test_release_tags_and_tender_status_at_each_stage(world, stage):
    exercise = drive(world, stage)
    releases = ocds.exercise_releases(exercise)
    tags, status = EXPECTED[stage]
    assert [r["tag"] for r in releases] == tags
    assert releases[-1]["tender"]["status"] == status
    assert [r["date"] for r in releases] == sorted(
        (r["date"] for r in releases), key=datetime.datetime.fromisoformat
    )
    assert all(r["ocid"] == f"ocds-xxxxxx-{exercise.reference}" for r in releases)


def test_each_release_stays_as_it_was_when_the_exercise_moves_on(world):
    """Release ids and contents are stable: each stage's releases begin with every
    release the stage before it published, unchanged."""
    earlier = []
    for stage, exercise in walk(world):
        releases = ocds.exercise_releases(exercise, base_url="https://example.org")
        assert releases == ocds.exercise_releases(exercise, base_url="https://example.org")
        assert releases[: len(earlier)] == earlier, stage
        assert len(releases) == len(EXPECTED[stage][0])
        earlier = releases
    ids = [r["id"] for r in earlier]
    assert len(set(ids)) == len(ids)
    reference = exercise.reference
    first, second = (f"amendment-{a.pk}" for a in exercise.amendments.all())
    assert ids[:8] == [
        f"ocds-xxxxxx-{reference}-{key}"
        for key in ("planning", "summary", "tender", first, second, "bids", "award", "contract")
    ]
    # Each amendment is its own release; the tender release keeps the pack and the closing
    # time as they stood when it was published.
    tender, added, moved = earlier[2]["tender"], earlier[3]["tender"], earlier[4]["tender"]
    assert [d["title"] for d in tender["documents"] if d["id"].startswith("document-")] == [
        "Service specification"
    ]
    assert "amendments" not in tender
    assert tender["tenderPeriod"]["endDate"] == "2027-04-20T13:00:00+01:00"
    assert len(added["amendments"]) == 1 and "Draft grant agreement" in str(added["documents"])
    assert added["tenderPeriod"]["endDate"] == "2027-04-20T13:00:00+01:00"
    assert moved["tenderPeriod"]["endDate"] == "2027-04-20T13:30:00+01:00"
    assert moved["amendments"][1]["rationale"].startswith("Half an hour more")
    # The contract's end as signed, before notice shortened it.
    contract = earlier[7]["contracts"][0]
    assert contract["period"]["endDate"] == "2030-05-31T23:59:59+01:00"
    assert earlier[-1]["contracts"][0]["period"]["endDate"] == "2029-10-31T23:59:59+00:00"
    assert earlier[-1]["contracts"][0]["status"] == "terminated"


def test_two_winners_make_two_awards_and_two_contracts(world, tmp_path):
    exercise = drive(world, "review", winners=2)
    package = package_of(exercise)
    # Each review is a release of its own, even when two are written together.
    assert [r["tag"] for r in package["releases"][-3:]] == [
        ["contract"],
        ["implementation"],
        ["implementationUpdate"],
    ]
    latest = package["releases"][-1]
    winners = [world.bidders[0][0], world.bidders[1][0]]
    assert [a["suppliers"][0]["name"] for a in latest["awards"]] == [w.name for w in winners]
    assert [c["awardID"] for c in latest["contracts"]] == [a["id"] for a in latest["awards"]]
    for contract in latest["contracts"]:
        (milestone,) = contract["implementation"]["milestones"]
        assert milestone["status"] == "met"
    roles = {p["name"]: p["roles"] for p in latest["parties"]}
    assert roles[winners[0].name] == roles[winners[1].name] == ["tenderer", "supplier"]
    package.pop("extensions")
    assert validate(package, tmp_path)["validation_errors"] == []


def test_an_exercise_cancelled_during_its_consultation(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_open_consultation(
            exercise=exercise,
            by=world.commissioner,
            opens_on=D(2027, 1, 4),
            closes_on=D(2027, 2, 1),
            questions=["What do carers need?"],
            consultation_justification="The grant must be awarded before the year end.",
        )
        services.exercise_cancel(
            exercise=exercise, by=world.commissioner, reasons="The money went."
        )
    exercise.refresh_from_db()
    releases = ocds.exercise_releases(exercise)
    assert [r["tag"] for r in releases] == [["planning"], ["tenderCancellation"]]
    assert [r["tender"]["status"] for r in releases] == ["planning", "cancelled"]
    assert releases[0]["compact"]["consultation"]["weeks"] == 4.0
    assert [d["rule"] for d in releases[0]["compact"]["departures"]] == ["consultation"]


def test_the_ocid_prefix_is_a_setting(world, settings):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    exercise = drive(world, "tender")
    assert {r["ocid"] for r in ocds.exercise_releases(exercise)} == {
        f"ocds-abc123-{exercise.reference}"
    }
    assert ocds.exercise_for_ocid(f"ocds-abc123-{exercise.reference}") == exercise
    assert ocds.exercise_for_ocid(f"ocds-xxxxxx-{exercise.reference}") is None
    assert ocds.exercise_for_ocid("ocds-abc123-") is None


# What is published, and what never is.


def test_planned_exercises_are_not_published(world):
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        planned = world.plan(title="Still a plan")
        dropped = world.plan(title="Dropped while planned")
        services.exercise_cancel(
            exercise=dropped, by=world.commissioner, reasons="Not needed after all."
        )
    dropped.refresh_from_db()
    assert dropped.stage == ExerciseStage.CANCELLED
    gone_public = cancelled(world)
    for exercise in (planned, dropped):
        assert ocds.exercise_releases(exercise) == []
        assert ocds.exercise_for_ocid(ocds.ocid_for(exercise)) is None
    assert list(ocds.published_exercises()) == [gone_public]
    package = ocds.release_package(
        [planned, dropped, gone_public], uri="https://example.org/p.json", extension_url="x"
    )
    assert {r["ocid"] for r in package["releases"]} == {ocds.ocid_for(gone_public)}
    assert "Still a plan" not in json.dumps(package)
    assert package["releases"][-1]["tender"]["status"] == "cancelled"


def test_bids_are_sealed_until_opened(world):
    exercise = drive(world, "tender")
    text = json.dumps(package_of(exercise))
    releases = json.loads(text)["releases"]
    assert all("numberOfTenderers" not in r["tender"] for r in releases)
    assert all("tenderers" not in r["tender"] for r in releases)
    assert all(
        party["roles"] == ["buyer", "procuringEntity"] for r in releases for party in r["parties"]
    )
    for org, _user in world.bidders:
        assert org.name not in text
    assert "90417" not in text and "Confidential plan" not in text


def test_a_cancelled_exercise_never_tells_of_its_sealed_bids(world):
    exercise = drive(world, "cancelled")
    text = json.dumps(package_of(exercise))
    assert world.bidders[0][0].name not in text
    assert "tenderer" not in text
    latest = json.loads(text)["releases"][-1]
    assert latest["tender"]["documents"][-1]["description"] == exercise.cancel_reasons


def test_opened_bids_name_their_tenderers_but_never_values_drafts_or_withdrawn(world):
    for stage, exercise in walk(world):
        package = package_of(exercise)
        text = json.dumps(package)
        assert world.withdrawn.name not in text, stage
        assert world.drafter.name not in text, stage
        assert "Confidential plan" not in text and "90417" not in text and "55555" not in text
        if stage in ("consultation", "summary", "tender"):
            continue
        latest = package["releases"][-1]
        tenderers = [world.bidders[0][0].name, world.bidders[1][0].name]
        assert [t["name"] for t in latest["tender"]["tenderers"]] == tenderers
        assert latest["tender"]["numberOfTenderers"] == 2
        roles = {p["name"]: p["roles"] for p in latest["parties"]}
        if stage == "evaluation":
            assert roles == {
                "Riverside Council": ["buyer", "procuringEntity"],
                tenderers[0]: ["tenderer"],
                tenderers[1]: ["tenderer"],
            }
            assert "awards" not in latest
        else:
            assert roles[tenderers[0]] == ["tenderer", "supplier"]
            assert roles[tenderers[1]] == ["tenderer"]
            (award,) = latest["awards"]
            assert award["suppliers"] == [
                {"id": f"org-{world.bidders[0][0].pk}", "name": tenderers[0]}
            ]
            assert "value" not in award


def test_no_people_and_no_email_addresses_anywhere(world):
    *_, (stage, exercise) = walk(world)
    assert stage == "closed"
    text = json.dumps(package_of(exercise))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    people = list(UserFactory._meta.model.objects.all())
    assert len(people) > 5
    for person in people:
        assert person.username not in text
        assert person.get_full_name() not in text
    # Nor what only the commissioner, the bidders or signed-in users see.
    for private in ("Private notes", "Jo Bloggs", "Feedback.", "consortium"):
        assert private not in text


def test_the_compact_facts_and_departures(world):
    exercise = drive(world, "decommission")
    releases = package_of(exercise)["releases"]
    assert "departures" not in releases[0]["compact"]  # the consultation ran 12 weeks
    tender = releases[2]["compact"]
    assert tender["consultation"]["minimumWeeks"] == 12
    assert tender["consultation"]["weeks"] == 12.0
    assert tender["bidWindow"] == {"minimumDays": 30, "days": 19}
    assert tender["fundingTerm"] == {"preferredYears": 3, "years": 3}
    assert tender["fundingType"] == "grant"
    assert [d["rule"] for d in tender["departures"]] == ["bidWindow"]
    (bid_window,) = tender["departures"]
    assert bid_window["justification"] == "The grant must be paid before the summer holidays."
    assert bid_window["commitment"]["id"] == "FC1"
    assert bid_window["commitment"]["uri"].startswith("https://example.org/compacts/")
    latest = releases[-1]["compact"]
    assert [d["rule"] for d in latest["departures"]] == ["bidWindow", "notice"]
    assert latest["departures"][1]["justification"] == "The budget was set late by the government."
    assert releases[-1]["contracts"][0]["amendments"][0]["rationale"] == (
        "The council's budget for carers is cut."
    )


# What the API needs to serve them.


def test_release_packages_page_through_every_public_exercise(db, django_assert_max_num_queries):
    exercises = [drive(World(), "tender") for _ in range(3)]
    with django_assert_max_num_queries(13):  # however many exercises a page has
        first = ocds.release_package_page(
            page=1, per_page=2, uri="https://example.org/all.json", extension_url="https://x/e.json"
        )
    second = ocds.release_package_page(
        page="2", per_page=2, uri="https://example.org/all.json", extension_url="https://x/e.json"
    )
    assert (first.number, first.num_pages, first.count) == (1, 2, 3)
    assert first.has_next and not first.has_previous
    assert second.has_previous and not second.has_next
    ocids = [r["ocid"] for p in (first, second) for r in p.package["releases"]]
    assert list(dict.fromkeys(ocids)) == [ocds.ocid_for(e) for e in exercises]
    assert first.package["extensions"] == ["https://x/e.json"]
    assert first.package["publishedDate"] == max(r["date"] for r in first.package["releases"])
    with pytest.raises(InvalidPage):
        ocds.release_package_page(page=3, per_page=2, uri="u", extension_url="e")


def test_the_extension_url_follows_the_request_or_the_site_url(settings):
    settings.SITE_URL = "https://compact.example.org/"
    path = reverse("ocds-extension", args=["extension.json"])
    assert path.endswith("/extension.json")  # how ocdsextensionregistry finds the others
    assert ocds.extension_url() == f"https://compact.example.org{path}"
    request = RequestFactory().get("/", HTTP_HOST="api.example.org")
    assert ocds.extension_url(request) == f"http://api.example.org{path}"


# Through the API: what the world fetches from /api/v1/ocds/.


def test_the_api_publishes_the_demo_as_valid_ocds_page_by_page(live_server, extension_at, tmp_path):
    """Every published exercise of the demo, fetched from the running server a page at a
    time, passes libcoveocds with the extension fetched from the same server."""
    import requests
    from django.core.management import call_command

    call_command("load_demo", quiet_logins=True)
    published = ocds.published_exercises().count()
    assert published >= 10
    url = f"{live_server.url}/api/v1/ocds/releases.json?page_size=5"
    seen, pages = [], 0
    while url:
        response = requests.get(url, timeout=30)
        assert response.status_code == 200
        package = response.json()
        assert package["extensions"] == [extension_at]
        result = validate(package, tmp_path)
        assert result["validation_errors"] == []
        assert result["additional_fields"] == []
        seen += sorted({r["ocid"] for r in package["releases"]})
        assert response.headers["X-Total-Count"] == str(published)
        url = response.links.get("next", {}).get("url")
        pages += 1
    assert pages == -(-published // 5)
    assert len(seen) == len(set(seen)) == published
    one = requests.get(f"{live_server.url}/api/v1/ocds/{seen[0]}/releases.json", timeout=30)
    assert one.status_code == 200
    assert {r["ocid"] for r in one.json()["releases"]} == {seen[0]}
    assert validate(one.json(), tmp_path)["validation_errors"] == []


def test_the_api_does_not_publish_a_planned_exercise_or_an_unknown_ocid(client, world):
    planned = world.plan()
    assert client.get(f"/api/v1/ocds/{ocds.ocid_for(planned)}/releases.json").status_code == 404
    assert client.get("/api/v1/ocds/ocds-nothing-XYZ-E-2026-0001/releases.json").status_code == 404
    assert client.get("/api/v1/ocds/releases.json?page=50").status_code == 404
    assert client.get("/api/v1/ocds/releases.json?page_size=500").status_code == 422


def test_a_funding_reduction_is_a_valid_contract_amendment(live_server, extension_at, tmp_path):
    world = World()
    exercise = drive(world, "review")
    with time_machine.travel(at(D(2028, 1, 10)), tick=False):
        services.exercise_reduce_funding(
            exercise=exercise,
            by=world.commissioner,
            effective_on=D(2028, 6, 1),
            value_after=Decimal("90000"),
            reasons="The council's grant from government fell.",
            impact="Fewer breaks for carers.",
        )
    exercise.refresh_from_db()
    package = package_of(exercise, extension=extension_at)
    assert package["releases"][-1]["tag"] == ["contractAmendment"]
    result = validate(package, tmp_path)
    assert result["validation_errors"] == []
    assert result["additional_fields"] == []
