"""Pages kept whole, per person, until anything is written (`cases.common.kept_pages`): the
task lists, the dispute list and a dispute's page are read once between writes; any write,
however it is made and by whichever process, is shown on the next view; nobody is shown a
page kept for someone else; and the forms on a kept page still work."""

import os
import re
import subprocess
import sys

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.common import kept_pages
from cases.register.models import AccessEvent
from tests.factories import DisputeWorld
from tests.workers import ROOT

pytestmark = pytest.mark.django_db

CHANGES = [
    'INSERT INTO "cases_dispute" ("subject") VALUES (%s)',
    'INSERT OR IGNORE INTO "auth_user_groups" ("user_id", "group_id") VALUES (1, 2)',
    'UPDATE "viewflow_task" SET "owner_id" = 1',
    'UPDATE "auth_user" SET "last_login" = %s, "is_active" = %s WHERE "auth_user"."id" = %s',
    '  update "cases_organisation" set "name" = %s',
    'DELETE FROM "cases_membership" WHERE "id" = 1',
    "WITH gone AS (DELETE FROM cases_remedy RETURNING id) SELECT count(*) FROM gone",
    "TRUNCATE cases_dispute",
    'INSERT INTO "public"."cases_dispute" ("subject") VALUES (%s)',
]
NO_CHANGES = [
    'SELECT "cases_dispute"."id" FROM "cases_dispute"',
    '(SELECT "id" FROM "cases_dispute") UNION (SELECT "id" FROM "cases_dispute")',
    'SAVEPOINT "s1_x1"',
    'RELEASE SAVEPOINT "s1_x1"',
    "WITH mine AS (SELECT 1 AS updated) SELECT * FROM mine",
    'INSERT INTO "cases_accessevent" ("user_id") VALUES (1)',
    'UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s',
    'UPDATE "cases_apitoken" SET "last_used_at" = %s WHERE "id" = 1',
    'UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s',
    'INSERT INTO "django_q_ormq" ("key", "payload") VALUES (%s, %s)',
]


@pytest.mark.parametrize("sql", CHANGES)
def test_statements_that_change_data_move_the_writes_on(sql):
    assert kept_pages.changes_data(sql)


@pytest.mark.parametrize("sql", NO_CHANGES)
def test_reads_and_writes_no_kept_page_shows_do_not(sql):
    assert not kept_pages.changes_data(sql)


def test_the_tables_left_unwatched_exist():
    assert set(connection.introspection.table_names()) >= kept_pages.UNWATCHED


def _view(client, user, url) -> tuple[str, list[str]]:
    """The page as `user` sees it, and the queries it took. Signing in writes (the user's
    last sign-in): the user is only signed in when the client is not yet theirs."""
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, [q["sql"] for q in queries]


def _reads(queries, table) -> bool:
    return any(f'FROM "{table}"' in sql for sql in queries)


def _without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def world():
    return DisputeWorld()


@pytest.mark.parametrize(
    ("url_name", "who", "table"),
    [
        ("task-inbox", "champion", "workflows_stepentry"),
        ("task-queue", "vcs", "viewflow_task"),
        ("task-archive", "champion", "workflows_stepentry"),
        ("dispute-list", "champion", "cases_disputedraft"),
    ],
)
def test_a_list_seen_again_is_kept_and_a_write_around_the_signals_shows_at_once(
    client, world, url_name, who, table
):
    world.dispute_at("mediation")
    user = world.champion if who == "champion" else world.vcs_member.user
    url = reverse(url_name)
    first, _queries = _view(client, user, url)
    again, queries = _view(client, user, url)
    assert _without_token(again) == _without_token(first)
    # Neither the list's steps nor its disputes are read: only the header's kept numbers,
    # the session and the user.
    assert not _reads(queries, "viewflow_task") and not _reads(queries, "cases_dispute")
    assert not _reads(queries, table)

    # A raw UPDATE sends no signal: the connection's watch still sees it.
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "cases_organisation" SET "name" = %s WHERE "id" = %s',
            ["Renamed Lunch Club", world.complainant_org.pk],
        )
    page_html, queries = _view(client, user, url)
    assert _reads(queries, table)  # worked out again
    if url_name == "dispute-list":  # its rows are read afresh (the task lists' lines are kept
        # by their own signals: `workflows.lines`)
        assert "Renamed Lunch Club" in page_html


def test_a_dispute_page_is_kept_its_look_still_logged_and_its_changes_shown(client, world):
    dispute = world.dispute_at("informal")
    url = dispute.get_absolute_url()
    looks = AccessEvent.objects.filter(reference=dispute.reference)
    first, _queries = _view(client, world.champion, url)
    again, queries = _view(client, world.champion, url)
    assert _without_token(again) == _without_token(first)
    assert not _reads(queries, "cases_disputeevent") and not _reads(queries, "cases_remedy")
    # Who may see it is decided, and the look logged, on every view.
    assert _reads(queries, "cases_dispute")
    assert looks.count() == 2

    type(dispute).objects.filter(pk=dispute.pk).update(subject="A subject changed quietly")
    page, _queries = _view(client, world.champion, url)
    assert "A subject changed quietly" in page
    assert looks.count() == 3


def test_nobody_is_shown_a_page_kept_for_someone_else(client, world):
    dispute = world.dispute_at("informal")
    url = dispute.get_absolute_url()
    champion, _ = _view(client, world.champion, url)
    assert "Who has looked at this dispute" in champion
    complainant, queries = _view(client, world.complainant, url)
    assert "Who has looked at this dispute" not in complainant
    assert _reads(queries, "cases_disputeevent")  # worked out for them, not shared

    # Who may see the dispute is decided afresh: a member who leaves the complainant's
    # organisation sees it no more, though their page was kept a moment ago.
    world.complainant.memberships.all().delete()
    type(dispute).objects.filter(pk=dispute.pk).update(raised_by=world.champion)
    client.force_login(world.complainant)
    assert client.get(url).status_code == 404


def test_a_kept_pages_form_carries_the_requests_own_token(world):
    dispute = world.dispute_at("informal")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.complainant)
    url = dispute.get_absolute_url()
    browser.get(url)
    kept = browser.get(url).text  # the second view is the kept page
    assert kept_pages._mark() not in kept
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept).group(1)
    response = browser.post(
        reverse("dispute-action", args=[dispute.reference]),
        {"csrfmiddlewaretoken": token, "action": "message", "message-body": "Thank you."},
    )
    assert response.status_code == 302
    assert "Thank you." in browser.get(url).text


def test_a_posted_form_with_errors_is_not_kept(client, world):
    dispute = world.dispute_at("informal")
    client.force_login(world.complainant)
    url = dispute.get_absolute_url()
    response = client.post(
        reverse("dispute-action", args=[dispute.reference]), {"action": "message"}
    )
    assert response.status_code == 400 and "Enter your message" in response.text
    assert "Enter your message" not in client.get(url).text


def _registered() -> int:
    return sum(1 for entry in connection.run_on_commit if entry[1] is kept_pages._move)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_the_writes_on_once_and_again_after_a_page_is_read():
    org = DisputeWorld().complainant_org

    def write():  # around the signals (whose generations move the writes on too)
        with connection.cursor() as cursor:
            cursor.execute(
                'UPDATE "cases_organisation" SET "name" = "name" WHERE id = %s', [org.pk]
            )

    def token():
        return kept_pages.cache.get(kept_pages.WRITES)

    before = token()
    with transaction.atomic():
        write()
        first = token()
        assert first != before and _registered() == 1
        write()
        write()  # no page was read since: a job's many statements move it once
        assert token() == first and _registered() == 1
        kept_pages.writes()  # a page reads the token
        write()
        second = token()
        assert second != first and _registered() == 1
    assert token() != second  # and again once the transaction commits

    with transaction.atomic():
        try:
            with transaction.atomic():
                write()
                raise RuntimeError
        except RuntimeError:
            pass
        assert _registered() == 0  # its callback went with the savepoint
        write()
        assert _registered() == 1
        inside = token()
    assert token() != inside


@pytest.mark.django_db(transaction=True)
def test_a_write_by_another_process_forgets_the_page_kept_here(client, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two processes share the database (CI runs it)")
    shared = f"filecache://{tmp_path / 'cache'}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    world = DisputeWorld()
    dispute = world.raise_dispute()
    url = reverse("dispute-list")
    _view(client, world.champion, url)
    _page, queries = _view(client, world.champion, url)
    assert not _reads(queries, "cases_dispute")  # kept

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "CACHE_URL": shared,
    }
    subprocess.run(  # noqa: S603 (our own command line)
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from cases.disputes.models import Dispute; "
            f"Dispute.objects.filter(pk={dispute.pk}).update(subject='Changed by a worker')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    page, queries = _view(client, world.champion, url)
    assert "Changed by a worker" in page


def test_a_generation_kept_pages_read_from_moves_the_writes_on_with_it():
    """A page worked out between a write's commit and the commit of a generation it reads
    from (the header, the case lines, a dispute's records) is never read again: both move
    on in one cache write."""
    from cases.common import generations

    with transaction.atomic():
        before = kept_pages.writes()
        generations.move_on("some:generation")
        assert kept_pages.cache.get(kept_pages.WRITES) != before


def test_the_mark_in_someones_words_is_left_as_they_wrote_it(client, world):
    """Only the token's own field is filled in: a party who writes the mark into a dispute
    sees their words, not another's token."""
    mark = kept_pages._mark()
    dispute = world.dispute_at("informal", subject=f"Look: {mark}")
    page, _queries = _view(client, world.champion, dispute.get_absolute_url())
    again, _queries = _view(client, world.champion, dispute.get_absolute_url())
    assert f"Look: {mark}" in page and f"Look: {mark}" in again


def test_a_query_with_parameters_the_page_does_not_read_is_served_not_kept(client, world):
    world.dispute_at("informal")
    url = reverse("dispute-list")
    _view(client, world.champion, f"{url}?made_up=1")
    _page, queries = _view(client, world.champion, f"{url}?made_up=1")
    assert _reads(queries, "cases_disputedraft")  # worked out again: nothing was kept
    # The parameters it reads are keyed in order: the same page however they are written.
    _view(client, world.champion, f"{url}?sort=newest&stage=open")
    _page, queries = _view(client, world.champion, f"{url}?stage=open&sort=newest")
    assert not _reads(queries, "cases_disputedraft")


def test_a_deployment_whose_processes_share_no_cache_fails_its_checks(settings):
    from cases.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [e.id for e in shared_cache(None)] == ["cases.E001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert shared_cache(None) == []


def test_signing_in_forgets_no_page(world):
    """Signing in writes only the time of it: nobody's kept pages are forgotten."""
    before = kept_pages.writes()
    Client().force_login(world.complainant)
    assert kept_pages.cache.get(kept_pages.WRITES) == before
    world.complainant.first_name = "Renamed"
    world.complainant.save()
    assert kept_pages.cache.get(kept_pages.WRITES) != before


def test_a_parameter_given_twice_is_served_not_kept(client, world):
    """The pages read a parameter's last value: `?sort=a&sort=b` and `?sort=b&sort=a` are
    different pages, which one key would not tell apart."""
    world.dispute_at("informal")
    url = reverse("task-inbox")
    _view(client, world.champion, f"{url}?sort=due&sort=case")
    _page, queries = _view(client, world.champion, f"{url}?sort=case&sort=due")
    assert _reads(queries, "workflows_stepentry")  # worked out: nothing was kept
