# The SQL here is assembled from this module's own constants, never from input.
# ruff: noqa: S608
"""The register of each compact: the compact, its organisations (five statutory bodies,
the CVS, the voluntary organisations) and their signatures, its commitments, its
people (twenty officers, then one administrator per voluntary organisation), the
joint body's seats, the mediators and everyone's memberships."""

from __future__ import annotations

from bench.load.base import CVS, FIRST_VCS, LEGAL_FORMS, OFFICERS, PASSWORD, STATUTORY, insert


def load_people(cursor):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cases.register.models import (
        Commitment,
        Compact,
        JointBodyMember,
        Mediator,
        Membership,
        Organisation,
        Signatory,
    )
    from cases.register.services import joint_body_group

    insert(
        Compact,
        {
            "id": "c.id",
            "slug": "'bench-' || lpad(c.id::text, 3, '0')",
            "prefix": "chr(65 + (c.id / 676) %% 26) || chr(65 + (c.id / 26) %% 26) "
            "|| chr(65 + c.id %% 26)",
            "name": "'Bench Area ' || lpad(c.id::text, 3, '0') || ' Compact'",
            "area": "'Bench Area ' || lpad(c.id::text, 3, '0')",
            "nation": "CASE WHEN c.id %% 10 = 0 THEN 'scotland' WHEN c.id %% 17 = 0 "
            "THEN 'northern_ireland' ELSE 'england_wales' END",
            "summary": "'A benchmark compact.'",
            # The English of the words a compact has in both languages (modeltranslation).
            "summary_en_gb": "'A benchmark compact.'",
            "joint_body_name_en_gb": "'Joint Liaison Committee'",
            "joint_body_terms_en_gb": "''",
            "adopted_year": "2005 + c.id %% 15",
            "created_at": "now() - interval '6 years'",
            "updated_at": "now() - interval '6 years'",
        },
        "FROM b_compact c",
        cursor=cursor,
    )
    # Organisations: five statutory bodies, the CVS, then the voluntary organisations.
    cursor.execute(
        "CREATE TEMP TABLE b_org ON COMMIT DROP AS "
        "SELECT c.org_base + k + 1 AS id, c.id AS compact_id, k, "
        "CASE WHEN k < 5 THEN 'statutory' ELSE 'vcs' END AS sector "
        "FROM b_compact c CROSS JOIN LATERAL generate_series(0, c.vcs + 5) k"
    )
    names = "ARRAY[" + ", ".join(f"'{n}'" for n in STATUTORY) + "]"
    forms = "ARRAY[" + ", ".join(f"'{n}'" for n in LEGAL_FORMS) + "]"
    org_name = (
        f"CASE WHEN o.k < 5 THEN 'Bench Area ' || lpad(o.compact_id::text, 3, '0') || ' ' "
        f"|| ({names})[o.k + 1] WHEN o.k = {CVS} THEN 'Bench Area ' "
        "|| lpad(o.compact_id::text, 3, '0') || ' CVS' ELSE 'Community Group ' "
        "|| lpad(o.compact_id::text, 3, '0') || '-' || lpad((o.k - 5)::text, 3, '0') END"
    )
    insert(
        Organisation,
        {
            "id": "o.id",
            "name": org_name,
            "slug": f"lower(replace({org_name}, ' ', '-'))",
            "sector": "o.sector",
            "legal_form": f"CASE WHEN o.k < 5 THEN ({forms})[o.k + 1] WHEN o.k = {CVS} "
            "THEN 'infrastructure' ELSE 'charity' END",
            "area_of_benefit": "'Bench Area ' || lpad(o.compact_id::text, 3, '0')",
            "created_at": "now() - interval '5 years'",
            "updated_at": "now() - interval '5 years'",
        },
        "FROM b_org o",
        cursor=cursor,
    )
    insert(
        Signatory,
        {
            "compact_id": "o.compact_id",
            "organisation_id": "o.id",
            "signed_on": "DATE '2012-06-01' + o.k",
        },
        "FROM b_org o",
        cursor=cursor,
    )
    insert(
        Commitment,
        {
            "compact_id": "c.id",
            "ref": "'F' || n",
            "code": "'funding'",
            "title": "'Commitment ' || n",
            "text": "'The council will give at least twelve weeks to consult on funding.'",
            "title_en_gb": "'Commitment ' || n",
            "text_en_gb": "'The council will give at least twelve weeks to consult on funding.'",
            "undertaken_by": "CASE WHEN n %% 2 = 0 THEN 'statutory' ELSE 'both' END",
            "position": "n",
        },
        "FROM b_compact c CROSS JOIN generate_series(1, 8) n",
        cursor=cursor,
    )
    # People: twenty officers a compact, then one administrator per organisation from
    # the CVS on.
    cursor.execute(
        "CREATE TEMP TABLE b_user (id int, username text, first text, last text) ON COMMIT DROP"
    )
    roles = (
        "CASE WHEN j = 0 THEN 'champion' WHEN j <= 8 THEN 'jb' "
        "WHEN j <= 11 THEN 'mediator' WHEN j <= 14 THEN 'commissioner' ELSE 'contact' END"
    )
    cursor.execute(
        "INSERT INTO b_user SELECT c.user_base + j + 1, "
        f"{roles} || '-' || lpad(c.id::text, 3, '0') || CASE WHEN j = 0 THEN '' "
        "ELSE '-' || j END, initcap(" + roles + "), 'Area ' || lpad(c.id::text, 3, '0') "
        f"FROM b_compact c CROSS JOIN generate_series(0, {OFFICERS - 1}) j"
    )
    cursor.execute("SELECT count(*) FROM b_compact")
    (compacts,) = cursor.fetchone()
    admin_base = compacts * OFFICERS
    cursor.execute(
        "INSERT INTO b_user SELECT %s + o.id, 'member-' || o.id, 'Member', "
        "'Organisation ' || o.id FROM b_org o WHERE o.k >= %s",
        [admin_base, CVS],
    )
    insert(
        get_user_model(),
        {
            "id": "u.id",
            "password": "p.hash",
            "username": "u.username",
            "first_name": "u.first",
            "last_name": "u.last",
            "email": "u.username || '@example.org'",
            "is_active": "true",
            "date_joined": "now() - interval '5 years'",
        },
        "FROM b_user u CROSS JOIN (SELECT %s::text AS hash) p",
        [make_password(PASSWORD)],
        cursor=cursor,
    )
    cursor.execute(
        "UPDATE cases_compact c SET champion_id = b.user_base + 1 "
        "FROM b_compact b WHERE b.id = c.id"
    )
    # Seats 1-4 represent the council, NHS, police and fire; 5-8 the first four
    # voluntary organisations. The chair is statutory, the co-chair voluntary.
    seat_org = f"c.org_base + CASE WHEN s <= 4 THEN s ELSE {FIRST_VCS} + s - 4 END"
    insert(
        JointBodyMember,
        {
            "compact_id": "c.id",
            "user_id": "c.user_base + s + 1",
            "organisation_id": seat_org,
            "role": "CASE s WHEN 1 THEN 'chair' WHEN 5 THEN 'co_chair' ELSE 'member' END",
            "joined_on": "DATE '2020-01-01'",
        },
        "FROM b_compact c CROSS JOIN generate_series(1, 8) s",
        cursor=cursor,
    )
    group = joint_body_group()
    cursor.execute(
        "INSERT INTO auth_user_groups (user_id, group_id) "
        "SELECT user_id, %s FROM cases_jointbodymember",
        [group.pk],
    )
    insert(
        Mediator,
        {"compact_id": "c.id", "user_id": "c.user_base + m + 1", "accreditation": "'CMC'"},
        "FROM b_compact c CROSS JOIN generate_series(9, 11) m",
        cursor=cursor,
    )
    memberships = [
        # The joint body members work for the organisations they represent.
        (
            "jb",
            f"SELECT c.user_base + s + 1, {seat_org}, 'member', false "
            "FROM b_compact c CROSS JOIN generate_series(1, 8) s",
        ),
        # Commissioners: two at the council, one at the NHS trust.
        (
            "commissioners",
            "SELECT c.user_base + j + 1, c.org_base + CASE WHEN j < 14 THEN 1 "
            "ELSE 2 END, 'commissioner', false FROM b_compact c "
            "CROSS JOIN generate_series(12, 14) j",
        ),
        # Each statutory body's contact, who answers its disputes.
        (
            "contacts",
            "SELECT c.user_base + j + 1, c.org_base + j - 14, 'member', true "
            "FROM b_compact c CROSS JOIN generate_series(15, 19) j",
        ),
        # The Champion is hosted by the CVS.
        (
            "champion",
            f"SELECT c.user_base + 1, c.org_base + {CVS + 1}, 'member', false FROM b_compact c",
        ),
        (
            "administrators",
            f"SELECT {admin_base} + o.id, o.id, 'administrator', true "
            f"FROM b_org o WHERE o.k >= {CVS}",
        ),
    ]
    for _label, select in memberships:
        insert(
            Membership,
            {"user_id": "m.u", "organisation_id": "m.o", "role": "m.r", "is_contact": "m.c"},
            f"FROM ({select}) AS m(u, o, r, c)",
            cursor=cursor,
        )
