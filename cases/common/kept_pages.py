"""A page's main content kept whole, per person, until anything is written to the database.

The task lists, the dispute list and a dispute's page are looked at far more often than
anything they show changes: a Champion goes back to their inbox between every step. Each of
those pages renders its main content (everything below the header) with `kept`, which keeps
the HTML in the cache under a key made of:

- **the writes' generation** (`WRITES`): a token that moves on whenever any statement that
  changes data (INSERT, UPDATE, DELETE, ...) runs on any table but those written by merely
  reading a page (`UNWATCHED`). The database connections watch every statement they run
  (`watch`, connected when a connection opens), whether it comes from the ORM, a bulk write,
  a raw `UPDATE` or a library's own code; so no write, however it is made, leaves a kept
  page in place. (A page worked out afresh is still only as fresh as the caches it reads:
  a raw `UPDATE` of a case leaves its kept case line for up to ten minutes,
  `workflows.lines`.) The token moves on after the statement, and again once the transaction
  commits (within one transaction, again only once a page was read in it since: a job's
  thousand statements move it once);
- **who is looking** (their id), the page and its query string, the language, and the day
  (a step becomes overdue at midnight);
- **the release**: the project's code, templates and compiled translations, and the
  installed packages, read once a process (`release`).

So a kept page is only ever shown to the person it was made for, and only while nothing at
all has changed since it was made; it is the page they would be shown afresh. A page is
only kept for a GET (never when a form was posted back with errors), and lapses after `TTL`
seconds as a safety net. A page that shows something that changes with the time of day
without a write must not be kept (a dispute's papers being made: see its view).

Forms on a kept page carry the request's own CSRF token: the page is rendered with a mark in
its place (`_mark`), filled in on every request. A page is only kept when its query holds
no parameter but those it reads, and is keyed on those alone.

The cache must be one that every process shares (Redis in production, a file cache for
`make run`), as for the header and the case lines.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cases.common import generations

WRITES = generations.WRITES
TTL = 600
# Tables written by merely using the service, which no kept page shows: moving the writes on
# for each would forget every page at once.
UNWATCHED = frozenset(
    {
        "cases_accessevent",  # every look at a dispute is logged (issue 17)
        "django_session",  # a session saved (the raise form keeps its steps there)
        "cases_apitoken",  # when an API token was last used
        "axes_accessattempt",  # sign-ins, right and wrong (django-axes)
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_q_ormq",  # the jobs' queue, results and schedules (Django Q2)
        "django_q_task",
        "django_q_schedule",
        "workflows_outboundemail",  # e-mails waiting and sent
    }
)
# Signing in writes the time to the user's row, which no kept page shows.
_SIGN_IN = re.compile(
    r'\s*UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s\s*$'
)
# The statements that change data. Everything else (SELECT, a savepoint, SET, schema
# changes at migrate) leaves what pages show as it was.
_CHANGES = re.compile(
    r"\s*(?:(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY|REPLACE|UPSERT)\b"
    r"|WITH\b.*\b(?:INSERT|UPDATE|DELETE|MERGE)\b)",
    re.IGNORECASE | re.DOTALL,
)
# The table a plain INSERT, UPDATE or DELETE writes ("INSERT OR IGNORE INTO" on SQLite).
_TABLE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?([\w.]+)\"?\s",
    re.IGNORECASE,
)
# Longer query strings are served but not kept (nobody's filters are that long).
LONGEST_QUERY = 300


def changes_data(sql: str) -> bool:
    """Whether this statement may change what a kept page shows: any statement that
    changes data, but a plain write to a table in `UNWATCHED`."""
    if _CHANGES.match(sql) is None or _SIGN_IN.match(sql):
        return False
    table = _TABLE.match(sql)
    return table is None or table.group(1).rsplit(".", 1)[-1] not in UNWATCHED


def _move() -> None:
    generations.renew(WRITES)


def _moved(connection) -> None:
    """Data changed on this connection: move the writes on now, and in a transaction again
    on its commit. A transaction's later statements move them on again only if a page was
    kept or read on this connection since (a long job's thousand writes move them once)."""
    if not connection.in_atomic_block:
        _move()
        return
    registered = any(entry[1] is _move for entry in connection.run_on_commit)
    if registered and not getattr(connection, "kept_pages_read", False):
        return
    connection.kept_pages_read = False
    _move()
    if not registered:
        # Robust: a cache that fails here must not stop the commit's other callbacks
        # (the jobs a transaction enqueues).
        transaction.on_commit(_move, using=connection.alias, robust=True)


def _watcher(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if changes_data(sql):
        _moved(context["connection"])
    return result


def watch(sender=None, connection=None, **kwargs) -> None:
    """Watch every statement this connection runs (on `connection_created`)."""
    if connection is not None and _watcher not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watcher)


def writes() -> str:
    """The writes' current token (one is made if there is none)."""
    connections[DEFAULT_DB_ALIAS].kept_pages_read = True
    return generations.current([WRITES])[WRITES]


@functools.cache
def release() -> str:
    """What the pages are made with: the project's code, templates and compiled
    translations, and the installed packages and their versions. Read once a process (a
    deployment restarts its processes), so a page kept by an older release is not shown."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in ("cases", "workflows", "config", "templates", "locale"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    for dist in sorted(
        (d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions()
    ):
        digest.update(f"{dist[0]}=={dist[1]}\n".encode())
    return digest.hexdigest()


def _mark() -> str:
    """Where the request's CSRF token goes in a kept page: the same in every process of a
    deployment, and unknown outside it."""
    return "kept-" + salted_hmac("kept-pages-csrf", "mark").hexdigest()[:24]


def _key(request, name: str, params) -> str | None:
    """The page's key, or None when it is not kept: not a GET, or asked with a parameter it
    does not read (an address made up to fill the cache is served, never kept), or with one
    twice (the pages read the last; the key would not say which came last)."""
    query = request.META.get("QUERY_STRING", "")
    if (
        request.method not in ("GET", "HEAD")
        or len(query) > LONGEST_QUERY
        or not set(request.GET) <= set(params)
        or any(len(values) > 1 for _name, values in request.GET.lists())
    ):
        return None
    read = urlencode(sorted(request.GET.items()))
    where = hashlib.blake2b(f"{request.path}?{read}".encode(), digest_size=12).hexdigest()
    return ":".join(
        (
            "page:v1",
            release(),
            writes(),
            name,
            str(request.user.pk),
            get_language() or "",
            timezone.localdate().isoformat(),
            where,
        )
    )


def kept(
    request, name: str, build: Callable[[], tuple], *, params=(), keep: bool = True
) -> SafeString:
    """The page's main content: kept, or rendered now from `build()` and kept for a GET.

    `build()` gives (template, context), or (template, context, keep) when what it read
    says whether the page may be kept. `params` are the query's parameters the page reads;
    `keep` false renders it without keeping it."""
    key = _key(request, name, params) if keep else None
    html = cache.get(key) if key else None
    mark = _mark()
    if html is None:
        template, context, *still = build()
        html = render_to_string(template, {**context, "csrf_token": mark}, request=request)
        if key and all(still):
            cache.set(key, html, TTL)
    # Only the token's own field: the mark in someone's words is left as they wrote it.
    field = f'name="csrfmiddlewaretoken" value="{mark}"'
    if field in html:
        html = html.replace(field, f'name="csrfmiddlewaretoken" value="{get_token(request)}"')
    return mark_safe(html)  # noqa: S308 (our own templates' output)
