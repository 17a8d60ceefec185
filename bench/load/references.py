"""Each compact's reference counters, from the references the load wrote (as migration
cases/0006 fills them), so a raise in the benchmark takes the next free number."""


def load_reference_counters(cursor):
    for table, kind in (("cases_dispute", "D"), ("cases_exercise", "C")):
        cursor.execute(
            "INSERT INTO cases_referencecounter (compact_id, kind, year, last) "  # noqa: S608
            f"SELECT compact_id, '{kind}', "  # (our own constants)
            "substring(reference from '-(\\d{4})-\\d+$')::int, "
            "max(substring(reference from '(\\d+)$')::int) "
            f"FROM {table} GROUP BY 1, 2, 3 "
            "ON CONFLICT (compact_id, kind, year) DO UPDATE SET last = EXCLUDED.last"
        )
