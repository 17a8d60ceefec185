"""The annual report, counted from records made through the services: a dispute that
crosses the year end, a paused clock, a rule changed mid-year (the limit as it stood), a
commitment changed mid-year (the dispute cites the old words), counts of disputes rounded
and small ones not given;
the PDF tagged; the CSV and JSON valid against their described schema."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from cases.disputes import services
from cases.disputes.figures import dispute_figures
from cases.disputes.flow import DisputeFlow
from cases.disputes.selectors import open_tasks
from cases.register import selectors as register_selectors
from cases.register import services as register_services
from cases.year import report
from tests.factories import DisputeWorld

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2027  # April 2027 to March 2028


def _on(day, hour=10):
    return time_machine.travel(datetime.datetime(*day, hour, tzinfo=datetime.UTC), tick=False)


def _triage(world, dispute, *, accept=True):
    task = open_tasks(dispute).get(flow_task=DisputeFlow.triage)
    services.triage_complete(task=task, by=world.champion, accept=accept, text="Triage notes")


def _resolve(world, dispute):
    world.stages.answer(dispute)
    task = open_tasks(dispute).get(flow_task=DisputeFlow.informal)
    services.informal_complete(task=task, by=world.champion, resolved=True, text="Settled")


def _raise(world, key):
    return world.raise_dispute(submission_key=f"report-{key}")


@pytest.fixture
def year_of_disputes():
    with _on((2027, 3, 1)):
        world = DisputeWorld()
    # A: raised in the year before, resolved in this one (17 working days informal).
    with _on((2027, 3, 15)):
        a = _raise(world, "a")
    with _on((2027, 3, 17)):
        _triage(world, a)
    with _on((2027, 4, 13)):
        _resolve(world, a)
    # B: informal for 35 working days, 22 of them paused: within its limit of 20.
    with _on((2027, 5, 4)):
        b = _raise(world, "b")
    with _on((2027, 5, 5)):
        _triage(world, b)
    with _on((2027, 5, 10)):
        services.dispute_pause_clock(dispute=b, by=world.champion, reason="Audit")
    with _on((2027, 6, 10)):
        services.dispute_resume_clock(dispute=b, by=world.champion)
    with _on((2027, 6, 24)):
        _resolve(world, b)
    # C: triaged after 8 working days, over the 5 the rules then allowed (15 from June).
    with _on((2027, 5, 5)):
        c = _raise(world, "c")
    with _on((2027, 5, 17)):
        _triage(world, c, accept=False)
    with _on((2027, 6, 15)):
        register_services.compact_amend(
            compact=world.compact,
            by=world.champion,
            reason="More time for triage",
            rules={"triage_days": 15},
            commitments=[{"ref": world.commitment.ref, "text": "Six weeks to bid."}],
        )
    # E: resolved in a week.
    with _on((2027, 9, 6)):
        e = _raise(world, "e")
    with _on((2027, 9, 7)):
        _triage(world, e)
    with _on((2027, 9, 14)):
        _resolve(world, e)
    # F: raised in March, still waiting for triage at the year's end.
    with _on((2028, 3, 20)):
        f = _raise(world, "f")
    return world, {"a": a, "b": b, "c": c, "e": e, "f": f}


def test_the_report_counts_the_year_from_the_records(year_of_disputes):
    world, disputes = year_of_disputes
    with _on((2028, 5, 1)):
        found = report.report_for(world.compact, YEAR)
        figures = dispute_figures(world.compact, *report.bounds(YEAR))
    assert not found.in_progress and found.to_date == datetime.date(2028, 3, 31)
    d = found.disputes
    # What was counted (before any figure is hidden).
    assert d["raised"].value == 4  # B, C, E, F: A was raised the year before
    assert d["closed"].value == 4  # A, B, C and E closed in the year
    assert d["resolved_quickly"].value == 3  # all but C, whose triage overran
    outcomes = {k: c.value for k, c in d["outcomes"].items()}
    assert outcomes["Outside the Compact"] == 1 and outcomes["Resolved informally"] == 3
    assert sum(outcomes.values()) == 4  # every outcome has a row, with none or more
    assert (d["open_at_end"].value, d["paused"].value) == (1, 1)  # F; B
    triage, informal = figures.stage_times[0], figures.stage_times[1]
    # C's 8 days were over the 5 allowed when its triage began (15 only from June).
    assert (triage.ended, triage.within) == (3, 2)
    # A's informal stage crossed the year end; B's paused month is not counted.
    assert (informal.ended, informal.within, informal.median_days) == (3, 3, 13)
    # What the public sees: with so few disputes, every count reads "fewer than 5"
    # (none included), and no share or median is given.
    assert {str(c) for c in d["outcomes"].values()} == {"fewer than 5"}
    assert str(d["raised"]) == str(d["open_at_end"]) == str(d["paused"]) == "fewer than 5"
    assert found.quickly == "too few to show"
    assert found.stages[1].share == "too few to show" and found.stages[1].median_days is None
    # The disputes cite the commitment as it stood when each was raised.
    [cited] = register_selectors.cited_commitments(
        disputes["b"].commitments.all(), disputes["b"].created_at
    )
    assert cited.text != "Six weeks to bid." and cited.changed_since
    [cited] = register_selectors.cited_commitments(
        disputes["e"].commitments.all(), disputes["e"].created_at
    )
    assert cited.text == "Six weeks to bid." and not cited.changed_since
    # The year before: A raised, nothing closed.
    with _on((2028, 5, 1)):
        before = report.report_for(world.compact, YEAR - 1)
    assert before.disputes["raised"].value == 1
    assert str(before.disputes["raised"]) == "fewer than 5"
    assert before.quickly == "too few to show"  # not "none", which would say there were none


def test_counts_of_disputes_are_rounded_to_5_and_below_5_not_given():
    shown = {n: str(report.Count(n, confidential=True)) for n in (0, 1, 4, 5, 7, 8, 12, 13, 18)}
    assert shown == {
        0: "fewer than 5",  # none reads as few: "0" would say there were none
        1: "fewer than 5",
        4: "fewer than 5",
        5: "5",
        7: "5",
        8: "10",
        12: "10",
        13: "15",
        18: "20",
    }
    assert str(report.Count(3)) == "3"  # public records are counted exactly
    whole, part = report.Count(9, True), report.Count(8, True)
    assert report._share(part, whole) == "too few to show"
    whole, part = report.Count(17, True), report.Count(13, True)
    assert report._share(part, whole) == "80%"  # 76%, to the nearest 10%


def test_the_page_pdf_and_open_data(year_of_disputes, client, tmp_path):
    world, _ = year_of_disputes
    slug = world.compact.slug
    with _on((2028, 5, 1)):
        page = client.get(reverse("annual-report", args=[slug, YEAR]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Annual report 2027 to 2028" in html and "fewer than 5" in html
        assert world.complainant_org.name not in html
        for name in ("signatories", "disputes", "stages", "actions"):
            chart = client.get(reverse("annual-report-chart", args=[slug, YEAR, name]))
            assert chart["Content-Type"] == "image/svg+xml"
            assert b"<script" not in chart.content and b"<svg" in chart.content
            assert reverse("annual-report-chart", args=[slug, YEAR, name]) in html
        pdf = client.get(reverse("annual-report-pdf", args=[slug, YEAR]))
        reader = PdfReader(io.BytesIO(pdf.content))
        catalog = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert "Annual report 2027 to 2028" in text and "fewer than 5" in text
        data = {
            name: client.get(reverse("annual-report-data", args=[slug, YEAR, name])).content
            for name in ("figures.csv", "figures.json", "datapackage.json")
        }
        assert (
            client.get(reverse("annual-report-data", args=[slug, YEAR, "x.txt"])).status_code == 404
        )
        assert client.get(reverse("annual-report", args=[slug, YEAR + 5])).status_code == 404
    rows = list(csv.DictReader(io.StringIO(data["figures.csv"].decode())))
    raised = next(r for r in rows if r["measure"] == "Disputes raised")
    assert (raised["value"], raised["suppressed"]) == ("", "true")
    consultations = next(r for r in rows if r["measure"] == "Consultations closed")
    assert (consultations["value"], consultations["suppressed"]) == ("0", "false")
    hidden = next(r for r in rows if r["breakdown"] == "Outside the Compact")
    assert (hidden["value"], hidden["suppressed"]) == ("", "true")
    upheld = next(r for r in rows if r["breakdown"] == "Upheld")  # a row though none
    assert (upheld["value"], upheld["suppressed"]) == ("", "true")
    assert json.loads(data["figures.json"])[0]["compact"] == slug
    # The data package describes both files; frictionless finds them valid.
    from frictionless import validate

    package = json.loads(data["datapackage.json"])
    (tmp_path / "figures.csv").write_bytes(data["figures.csv"])
    (tmp_path / "figures.json").write_bytes(data["figures.json"])
    for resource in package["resources"]:
        resource["path"] = resource["path"].rsplit("/", 1)[1]
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    result = validate(str(tmp_path / "datapackage.json"))
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in result.tasks] == ["figures-csv", "figures-json"]
    assert all(task.stats["rows"] == len(rows) for task in result.tasks)


def test_the_report_costs_the_same_queries_for_few_disputes_or_many():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with _on((2027, 5, 3)):
        world = DisputeWorld()

    def queries():
        with _on((2027, 9, 1)), CaptureQueriesContext(connection) as captured:
            report.report_for(world.compact, YEAR)
        return len(captured)

    for n in range(2):
        with _on((2027, 6, 1 + n)):
            _triage(world, _raise(world, f"few-{n}"))
    few = queries()
    for n in range(6):
        with _on((2027, 7, 1 + n)):
            _triage(world, _raise(world, f"many-{n}"))
    assert queries() == few
