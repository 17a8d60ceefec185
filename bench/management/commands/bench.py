"""Time the task pages at volume: serve the benchmark database (see `bench_load`) from a
real server process and time each page from outside it, as a browser would.

It builds the static files, starts gunicorn with the production settings (DEBUG off,
persistent database connections, the manifest static storage, a Redis cache) on a free
local port, signs the busy users in through the real sign-in form, warms up, then asks
for every page in turn, in a shuffled order each round, and prints each page's median and
95th-percentile time beside a trivial page of the same site. Every response must be a 200
showing real rows, or the run fails.

Requests say `X-Forwarded-Proto: https`, as the proxy in front of a deployment does, so
the production settings run unchanged (HTTPS redirect, secure cookies and all).
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import math
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import background, grow
from bench.load.base import MARKER, PASSWORD

HOST = "127.0.0.1"
ROW = '<tr class="govuk-table__row">'


@dataclass
class Page:
    name: str
    path: str
    user: str | None  # None: anonymous
    expect: str  # text every response must contain
    rows: str = ""  # "table", "radios", "json" or "" for none
    headers: dict = field(default_factory=dict)  # an API token, for the API's pages
    floor: bool = False  # the trivial page: the floor every ratio is measured from
    signed_floor: bool = False  # the same, signed in: adds the session and the navigation
    grows: bool = False  # timed again with 10x the unrelated backlog and history
    mixed: bool = False  # part of the mixed concurrent load
    target: bool = False  # p95 at most TARGET_LIST x the signed-in trivial page's median
    # Asked with a parameter the page does not read, and a value never asked before, so its
    # main content is worked out afresh, as after any write, and not kept
    # (`cases.common.kept_pages`).
    afresh: bool = False
    times: list[float] = field(default_factory=list)
    shown: int = 0
    total: int | None = None

    def again(self) -> Page:
        """The same page, to time afresh."""
        return dataclasses.replace(self, times=[])


# The targets of issue 18, as ratios in the same run.
TARGET_SIGNED = 1.5  # the signed-in trivial page, to the anonymous one
TARGET_LIST = 2.0  # a list or case page's p95, to the signed-in trivial page's median
TARGET_GROWN = 0.20  # the most a page's median may move with 10x the unrelated data
TARGET_LOAD = 1 / 3  # mixed-load throughput at 8 clients, to the trivial page's
TARGET_TIMERS = 60  # seconds to fire 10,000 due timers
TARGET_DIGESTS = 1  # seconds for a digest sweep with nothing to send
TARGET_RAISES = 5  # p95 of RAISES raises at once in one compact, to a single raise
RAISES = 200


class Command(BaseCommand):
    help = "Serve the benchmark database with gunicorn and time the task pages (`make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="timed requests a page")
        parser.add_argument("--warmup", type=int, default=5, help="untimed rounds first")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=0, help="0: any free port")
        parser.add_argument("--champion", default="champion-001", help="the busy Champion")
        parser.add_argument(
            "--member", default="jb-001-5", help="the joint body member with a long queue"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-grow",
            action="store_true",
            help="skip timing the pages again with 10x the unrelated backlog and history",
        )
        parser.add_argument(
            "--load-seconds", type=float, default=8, help="how long each mixed-load run lasts"
        )
        parser.add_argument(
            "--no-background",
            action="store_true",
            help="skip the timer sweep, the digest sweep and the letter",
        )

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql" or not str(name).startswith("cc_bench"):
            raise CommandError("Point DATABASE_URL at the benchmark database (cc_bench).")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            )
            (comment,) = cursor.fetchone()
            if not (comment or "").startswith(MARKER) or comment.endswith("loading"):
                raise CommandError(f"{name} is not loaded: run `manage.py bench_load` first.")
            cursor.execute("SELECT count(*) FROM viewflow_task")
            (tasks,) = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM cases_compact")
            (compacts,) = cursor.fetchone()
            cursor.execute(
                "SELECT c.slug, m.ref FROM cases_compact c JOIN auth_user u "
                "ON u.id = c.champion_id JOIN cases_commitment m ON m.compact_id = c.id "
                "WHERE u.username = %s ORDER BY m.position LIMIT 1",
                [options["champion"]],
            )
            row = cursor.fetchone()
            cursor.execute(
                "SELECT d.reference FROM cases_dispute d JOIN cases_compact c "
                "ON c.id = d.compact_id JOIN auth_user u ON u.id = c.champion_id "
                "WHERE u.username = %s ORDER BY d.id LIMIT 1",
                [options["champion"]],
            )
            dispute = cursor.fetchone()
        if row is None or dispute is None:
            connection.close()
            raise CommandError(f"No compact has {options['champion']!r} as its Champion.")
        slug, ref = row
        (reference,) = dispute
        api_token = _token_for(options["champion"])
        raiser = None if options["no_background"] else _raiser(slug, ref)
        grow.shrink()  # what an interrupted run may have left
        connection.close()
        champion, member = options["champion"], options["member"]
        trivial = f"/compacts/{slug}/commitments/{ref}/"
        listing = {"grows": True, "mixed": True, "target": True}
        afresh = {"grows": True, "afresh": True}
        pages = [
            Page("trivial page", trivial, None, f"{ref}: ", floor=True),
            Page("trivial page, signed in", trivial, champion, f"{ref}: ", signed_floor=True),
            Page(
                "inbox", "/tasks/inbox/", champion, "<title>Assigned to you -", "table", **listing
            ),
            Page("queue", "/tasks/queue/", member, "Take the selected steps", "table", **listing),
            Page("archive", "/tasks/archive/", champion, "<title>Done -", "table", **listing),
            Page("dispute list", "/disputes/", champion, "<title>Disputes -", "table", **listing),
            Page("dispute page", f"/disputes/{reference}/", champion, f"{reference}", **listing),
            Page(
                "inbox, afresh",
                "/tasks/inbox/",
                champion,
                "<title>Assigned to you -",
                "table",
                **afresh,
            ),
            Page(
                "queue, afresh",
                "/tasks/queue/",
                member,
                "Take the selected steps",
                "table",
                **afresh,
            ),
            Page(
                "archive, afresh", "/tasks/archive/", champion, "<title>Done -", "table", **afresh
            ),
            Page(
                "dispute list, afresh",
                "/disputes/",
                champion,
                "<title>Disputes -",
                "table",
                **afresh,
            ),
            Page(
                "dispute page, afresh",
                f"/disputes/{reference}/",
                champion,
                f"{reference}",
                **afresh,
            ),
            Page(
                "API inbox",
                "/api/v1/tasks/inbox",
                champion,
                '"items"',
                rows="json",
                headers={"Authorization": f"Bearer {api_token}", "Accept": "application/json"},
                grows=True,
                mixed=True,
            ),
            Page(
                "dispute form",
                "/disputes/new/compact/",
                champion,
                "Which compact is the dispute under?",
                rows="radios",
            ),
        ]
        with tempfile.TemporaryDirectory(prefix="cc-bench-") as tmp:
            env = self._environment(Path(tmp))
            self.stdout.write("Collecting static files...")
            self._run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], env)
            port = options["port"] or _free_port()
            log = Path(tmp) / "gunicorn.log"
            server = self._serve(env, port, options["workers"], log)
            try:
                client = Client(port)
                client.wait_until_up(log)
                sessions = {None: {}}
                for username in {p.user for p in pages if p.user}:
                    sessions[username] = client.sign_in(username, PASSWORD)
                rng = random.Random(options["seed"])  # noqa: S311 (an order, not a secret)
                self._time(client, pages, sessions, rng, options)
                if not options["no_grow"]:
                    grown = [p.again() for p in pages if p.grows or p.floor or p.signed_floor]
                    self.stdout.write(
                        "Growing: 10x the other compacts' open steps and the Champion's history..."
                    )
                    added = grow.grow(champion=champion, member=member)
                    try:
                        self._time(client, grown, sessions, rng, options)
                    finally:
                        grow.shrink()
                mixed = [p for p in pages if p.mixed]
                floor_page = next(p for p in pages if p.floor)
                loads = {}
                for clients in (1, 8, 32):
                    self.stdout.write(f"Mixed load with {clients} client(s)...")
                    loads[clients] = (
                        _load(client, [floor_page], sessions, clients, options["load_seconds"]),
                        _load(client, mixed, sessions, clients, options["load_seconds"]),
                    )
            finally:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
            if not options["no_background"]:
                work = self._background(env, reference, raiser, options)
        self._report(pages, tasks=tasks, compacts=compacts, name=name, options=options)
        if not options["no_grow"]:
            self._report_grown(pages, grown, added)
        self._report_load(loads, mixed)
        if not options["no_background"]:
            self._report_background(work, pages)

    def _background(self, env, reference, raiser, options) -> dict:
        self.stdout.write("A decision letter, five times...")
        work = {"letter": background.letter_times(reference)}
        self.stdout.write(f"Copying {connection.settings_dict['NAME']} for the sweeps...")
        background.make_copy()
        try:
            self.stdout.write(f"{RAISES} disputes raised at once in one compact, by the API...")
            work["raises"] = self._raises(env, raiser, options)
            self.stdout.write(f"Firing {background.TIMERS:,} due timers in one sweep...")
            work["timers"] = background.timer_sweep(env)
            self.stdout.write("A digest sweep with nothing to send...")
            work["digests"] = background.digest_sweep(env)
        finally:
            background.drop_copy()
        return work

    asked = 0  # the query strings of the pages asked afresh

    def _time(self, client, pages, sessions, rng, options):
        rounds = options["warmup"] + options["requests"]
        self.stdout.write(
            f"Timing {len(pages)} pages, {options['requests']} requests each after "
            f"{options['warmup']} warm-up rounds..."
        )
        for number in range(rounds):
            order = pages[:]
            rng.shuffle(order)
            for page in order:
                cookies = {} if page.headers else sessions[page.user]
                path = page.path
                if page.afresh:
                    self.asked += 1
                    path = f"{path}?afresh={self.asked}"
                elapsed, body = client.get(path, cookies, page.headers)
                self._check(page, body)
                if number >= options["warmup"]:
                    page.times.append(elapsed)

    # The server.

    def _environment(self, tmp: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
            API_RATE="1000000/m",  # the bench's one token asks far more than a person would
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "media"),
            LOG_LEVEL="WARNING",
        )
        env.pop("DEBUG", None)
        return env

    def _run(self, command, env):
        result = subprocess.run(  # noqa: S603 (our own command line)
            command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise CommandError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")

    def _serve(self, env, port, workers, log: Path) -> subprocess.Popen:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.stdout.write(f"Starting gunicorn ({workers} workers) on http://{HOST}:{port}/ ...")
        with log.open("w") as out:
            return subprocess.Popen(  # noqa: S603 (our own command line)
                [
                    str(gunicorn),
                    "--config",
                    "config/gunicorn.py",  # production's, with these workers and address
                    "config.wsgi",
                    "--workers",
                    str(workers),
                    "--bind",
                    f"{HOST}:{port}",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    # Checks and the report.

    def _check(self, page: Page, body: str):
        if page.expect not in body:
            raise CommandError(f"{page.name} ({page.path}) does not show {page.expect!r}.")
        if page.user and not page.headers and "Signed in as" not in body:
            raise CommandError(f"{page.name} ({page.path}) is not signed in as {page.user}.")
        if page.rows == "table":
            page.shown = body.count(ROW) - 1  # less the header row
            caption = re.search(r'table__caption--m">(\d+) (?:tasks?|disputes?)<', body)
            # A list paged from a position (the archive) is never counted whole.
            page.total = int(caption.group(1)) if caption else "?"
            if page.shown < 1 or not page.total:
                raise CommandError(f"{page.name} ({page.path}) shows no rows for {page.user}.")
        elif page.rows == "radios":
            page.shown = body.count('type="radio"')
            if page.shown < 1:
                raise CommandError(f"{page.name} ({page.path}) offers nothing to choose.")
        elif page.rows == "json":
            data = json.loads(body)
            page.shown, page.total = len(data["items"]), data["count"]
            if page.shown < 1:
                raise CommandError(f"{page.name} ({page.path}) shows no tasks for {page.user}.")

    def _report(self, pages, *, tasks, compacts, name, options):
        floor = statistics.median(next(p for p in pages if p.floor).times)
        signed = statistics.median(next(p for p in pages if p.signed_floor).times)
        self.stdout.write(
            f"\n{tasks:,} tasks across {compacts} compacts in PostgreSQL ({name}); gunicorn "
            f"with {options['workers']} sync workers and the production settings (DEBUG off).\n"
            f"{options['requests']} timed requests a page, interleaved, after "
            f"{options['warmup']} warm-up rounds. The trivial page is a commitment's public "
            "page, with the same base template and middleware; signed in, it also has the "
            "navigation's task counts.\n"
        )
        header = (
            f"{'page':<25} {'path':<36} {'as':<13} {'median ms':>9} {'p95 ms':>7} "
            f"{'x trivial':>9} {'x signed in':>11} {'target':>6}  rows shown"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for page in pages:
            median = statistics.median(page.times)
            rows = ""
            if page.rows in ("table", "json"):
                rows = (
                    f"{page.shown} of {page.total:,}"
                    if page.total != "?"
                    else f"{page.shown}, uncounted"
                )
            elif page.rows == "radios":
                rows = f"{page.shown} choice{'s' if page.shown != 1 else ''}"
            versus_signed = f"{median / signed:.1f}" if page.user else ""
            target = ""
            if page.signed_floor:
                target = "ok" if median / floor <= TARGET_SIGNED else "MISS"
            elif page.target:
                target = "ok" if _p95(page.times) / signed <= TARGET_LIST else "MISS"
            self.stdout.write(
                f"{page.name:<25} {page.path:<36} {page.user or 'anonymous':<13} "
                f"{median:>9.1f} {_p95(page.times):>7.1f} {median / floor:>9.1f} "
                f"{versus_signed:>11} {target:>6}  {rows}"
            )
        self.stdout.write(
            "\nTimes run from sending the request to receiving its last byte, on this machine; "
            "p95 is the nearest-rank 95th percentile. Targets: the signed-in trivial page at "
            f"most {TARGET_SIGNED}x the anonymous one; each list's and the dispute page's p95 "
            f"at most {TARGET_LIST}x the signed-in trivial page's median.\n"
            "The lists and the dispute page keep their main content until anything is written "
            "(cases.common.kept_pages): a page 'afresh' is the same page asked with a parameter "
            "it does not read, so it is worked out as after any write, and not kept. "
            "Those have no target; they show what a page costs when it is not kept."
        )

    def _report_grown(self, pages, grown, added):
        before = {p.name: p for p in pages}
        floor = statistics.median(next(p for p in grown if p.floor).times)
        self.stdout.write(
            "\nThe same pages with "
            + " and ".join(f"{n:,} more {label}" for label, n in added.items())
            + f" (ten times each), the users' own work unchanged. Target: no median moves "
            f"more than {TARGET_GROWN:.0%} (the trivial page moved "
            f"{floor / statistics.median(before['trivial page'].times) - 1:+.0%}).\n"
        )
        header = f"{'page':<25} {'median ms':>9} {'grown ms':>9} {'change':>7} {'target':>6}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for page in grown:
            if page.floor or page.signed_floor:
                continue
            was, now = statistics.median(before[page.name].times), statistics.median(page.times)
            change = now / was - 1
            target = "ok" if change <= TARGET_GROWN else "MISS"
            self.stdout.write(
                f"{page.name:<25} {was:>9.1f} {now:>9.1f} {change:>+7.0%} {target:>6}"
            )

    def _raises(self, env, raiser, options) -> dict:
        """Raise disputes through the API of a server on the copy: ten one after another
        (a single raise's time), then RAISES at once, each with its own key."""
        from concurrent.futures import ThreadPoolExecutor

        copy_env = {**env, "DATABASE_URL": background.url(background.COPY)}
        port = _free_port()
        log = Path(env["MEDIA_ROOT"]).parent / "raises.log"
        server = self._serve(copy_env, port, options["workers"], log)
        try:
            client = Client(port)
            client.wait_until_up(log)
            body = json.dumps(raiser["body"])

            def one(key):
                response, text, elapsed = client.request(
                    "POST",
                    "/api/v1/disputes",
                    {},
                    body=body,
                    headers={
                        "Authorization": f"Bearer {raiser['token']}",
                        "Content-Type": "application/json",
                        "Accept": "application/json",
                        "Idempotency-Key": key,
                    },
                )
                if response.status != 201:
                    raise CommandError(f"A raise answered {response.status}: {text[:500]}")
                return elapsed, json.loads(text)["reference"]

            run = secrets.token_hex(4)
            single = [one(f"bench-{run}-single-{n}")[0] for n in range(10)]
            with ThreadPoolExecutor(max_workers=RAISES) as pool:
                results = list(pool.map(one, [f"bench-{run}-{n}" for n in range(RAISES)]))
        finally:
            server.terminate()
            server.wait(timeout=30)
        references = [reference for _, reference in results]
        if len(set(references)) != RAISES:
            raise CommandError("Concurrent raises were given the same reference.")
        times = [elapsed for elapsed, _ in results]
        return {
            "single": statistics.median(single),
            "p95": _p95(times),
            "last": max(references),
        }

    def _report_background(self, work, pages):
        floor = statistics.median(next(p for p in pages if p.floor).times)
        timers, digests, letter = work["timers"], work["digests"], work["letter"]
        raises = work["raises"]
        warm = statistics.median(letter[1:])
        self.stdout.write(
            "\nBackground work, each as a real process with the production settings on a copy "
            "of the database, timed by the process itself (Django's start not counted). "
            f"Targets: {background.TIMERS:,} due timers fired in under {TARGET_TIMERS}s; a "
            f"digest sweep with nothing to send in under {TARGET_DIGESTS}s; {RAISES} raises at "
            f"once in one compact with a p95 at most {TARGET_RAISES}x a single raise, every "
            f"reference different (the last was {raises['last']}).\n"
        )
        header = f"{'work':<44} {'seconds':>8} {'x trivial':>10} {'target':>6}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        rows = [
            (
                f"timer sweep: {timers['fired']:,} of {timers['due']:,} due fired, "
                f"{timers['sent']:,} notices",
                timers["seconds"],
                timers["seconds"] < TARGET_TIMERS and timers["fired"] == timers["due"],
            ),
            (
                f"digest sweep, {digests['holders']:,} holders all seen",
                digests["seconds"],
                digests["seconds"] < TARGET_DIGESTS,
            ),
            (f"decision letter PDF, warm (cold {letter[0]:.0f} ms)", warm / 1000, None),
            ("a single dispute raised by the API (median)", raises["single"] / 1000, None),
            (
                f"{RAISES} raised at once: p95 ({raises['p95'] / raises['single']:.0f}x single)",
                raises["p95"] / 1000,
                raises["p95"] <= TARGET_RAISES * raises["single"],
            ),
        ]
        for label, seconds, ok in rows:
            target = "" if ok is None else ("ok" if ok else "MISS")
            self.stdout.write(
                f"{label:<44} {seconds:>8.2f} {seconds * 1000 / floor:>10.0f} {target:>6}"
            )

    def _report_load(self, loads, mixed):
        self.stdout.write(
            "\nMixed load: each client asks for "
            + ", ".join(p.name for p in mixed)
            + " in turn, as fast as answers come, against the trivial page alone; "
            f"gunicorn's 2 sync workers. Target at 8 clients: at least {TARGET_LOAD:.2f} of "
            "the trivial page's throughput.\n"
        )
        header = (
            f"{'clients':>7} {'trivial req/s':>13} {'p95 ms':>7} {'mixed req/s':>11} "
            f"{'p95 ms':>7} {'ratio':>6} {'target':>6}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for clients, (trivial, mix) in loads.items():
            ratio = mix[0] / trivial[0] if trivial[0] else 0
            target = ("ok" if ratio >= TARGET_LOAD else "MISS") if clients == 8 else ""
            self.stdout.write(
                f"{clients:>7} {trivial[0]:>13.1f} {trivial[1]:>7.1f} {mix[0]:>11.1f} "
                f"{mix[1]:>7.1f} {ratio:>6.2f} {target:>6}"
            )


def _load(client, pages, sessions, clients: int, seconds: float) -> tuple[float, float]:
    """Requests a second and p95 (ms) with `clients` threads each asking for `pages` in
    turn for `seconds`."""
    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    errors: list[str] = []

    def work(offset):
        own = {name: dict(cookies) for name, cookies in sessions.items()}
        n = offset
        while time.monotonic() < stop:
            page = pages[n % len(pages)]
            n += 1
            try:
                elapsed, _ = client.get(
                    page.path, {} if page.headers else own[page.user], page.headers
                )
            except (CommandError, OSError) as error:
                errors.append(str(error)[:200])
                return
            with lock:
                times.append(elapsed)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise CommandError(f"The mixed load failed: {errors[0]}")
    return len(times) / (time.monotonic() - started), _p95(times) if times else 0.0


def _p95(times: list[float]) -> float:
    """The 95th percentile by the nearest-rank method."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Client:
    """A small HTTP client: a new connection a request (gunicorn's sync workers close each
    one), the cookies of one session, and the proxy's header saying the request came over
    HTTPS."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://{HOST}:{port}"

    def request(self, method, path, cookies, body=None, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        all_headers = {"X-Forwarded-Proto": "https", "Accept": "text/html"}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        all_headers.update(headers or {})
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
        return response, data.decode("utf-8", "replace"), elapsed

    def get(self, path, cookies, headers=None) -> tuple[float, str]:
        response, body, elapsed = self.request("GET", path, cookies, headers=headers)
        if response.status != 200:
            raise CommandError(f"GET {path} answered {response.status}: {body[:500]}")
        return elapsed, body

    def wait_until_up(self, log: Path, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                response, _, _ = self.request("GET", "/accounts/login/", {})
            except OSError:
                time.sleep(0.25)
                continue
            if response.status == 200:
                return
            raise CommandError(f"The server answered {response.status}:\n{log.read_text()[-3000:]}")
        raise CommandError(f"The server did not start:\n{log.read_text()[-3000:]}")

    def sign_in(self, username, password) -> dict[str, str]:
        """Sign in through the real sign-in form; return the session's cookies."""
        cookies: dict[str, str] = {}
        _, page, _ = self.request("GET", "/accounts/login/", cookies)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise CommandError("The sign-in page has no CSRF token.")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        )
        response, body, _ = self.request(
            "POST",
            "/accounts/login/",
            cookies,
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": f"{self.origin}/accounts/login/",
            },
        )
        if response.status != 302 or "sessionid" not in cookies:
            raise CommandError(f"Could not sign in as {username} ({response.status}): {body[:300]}")
        return cookies


def _raiser(slug: str, ref: str) -> dict:
    """Someone who acts for a signatory of the compact, with a token, and what they raise:
    a dispute against another signatory under one commitment."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.username, o.slug FROM cases_compact c "
            "JOIN cases_signatory s ON s.compact_id = c.id "
            "JOIN cases_organisation o ON o.id = s.organisation_id "
            "JOIN cases_membership m ON m.organisation_id = o.id "
            "JOIN auth_user u ON u.id = m.user_id "
            "WHERE c.slug = %s AND u.is_active ORDER BY u.id LIMIT 1",
            [slug],
        )
        username, complainant = cursor.fetchone()
        cursor.execute(
            "SELECT o.slug FROM cases_compact c JOIN cases_signatory s ON s.compact_id = c.id "
            "JOIN cases_organisation o ON o.id = s.organisation_id "
            "WHERE c.slug = %s AND o.slug <> %s ORDER BY o.id LIMIT 1",
            [slug, complainant],
        )
        (respondent,) = cursor.fetchone()
    return {
        "token": _token_for(username, "make bench: raises"),
        "body": {
            "compact": slug,
            "complainant": complainant,
            "respondent": respondent,
            "commitments": [ref],
            "what_happened": "The council changed the grant's terms without consulting us.",
            "happened_on": "2026-10-01",
            "already_tried": "We wrote to the grants officer twice.",
            "outcome_sought": "The old terms restored until a consultation is held.",
        },
    }


def _token_for(username: str, name: str = "make bench") -> str:
    """A fresh personal API token for the busy user, made through the service, for the
    API's pages (the bench database is the bench's own)."""
    from django.contrib.auth import get_user_model

    from cases.accounts.models import ApiToken
    from cases.accounts.services import token_create

    user = get_user_model().objects.get(username=username)
    ApiToken.objects.filter(user=user, name=name).delete()
    _, key = token_create(user=user, name=name, days=30)
    return key
