"""Take up the procedure records from the workflows app (see workflows.0007), keeping
their tables, and rewrite what the database says of where their flows live:

- the content types (and so the joint body's queue permissions) move to the cases app;
- viewflow's processes and tasks name their flow by module path (`workflows/flows.
  DisputeFlow.triage`), which is now `cases/disputes.flow.DisputeFlow.triage`;
- a queued step's permission (`workflows.can_appoint_mediator_disputeprocess`) is now
  `cases.can_...`;
- background jobs waiting in the queue name their function by module path too.

Reversible: the reverse writes the old names back."""

import django.db.models.deletion
from django.db import migrations, models

PROCESS_MODELS = ("disputeprocess", "exerciseprocess", "departureprocess")
FLOWS = {
    "workflows/flows.DisputeFlow": "cases/disputes.flow.DisputeFlow",
    "workflows/flows.ExerciseFlow": "cases/commissioning.flow.ExerciseFlow",
    "workflows/flows.DepartureFlow": "cases/commissioning.flow.DepartureFlow",
}
JOBS = {
    "cases.tasks.send_email": "workflows.jobs.send_email",
    "cases.tasks.render_decision_letter": "cases.disputes.jobs.render_decision_letter",
    "cases.tasks.send_bid_letters": "cases.commissioning.jobs.send_bid_letters",
}


def _rename(apps, schema_editor, *, flows, jobs, permission_from, permission_to, ct_from, ct_to):
    # viewflow's reference fields turn a stored name into a flow when read, and an old name
    # no longer imports: so these rows are rewritten in SQL, not through the ORM.
    db = schema_editor.connection.alias
    for model in PROCESS_MODELS:
        _move_content_type(apps, db, model, ct_from, ct_to)
    with schema_editor.connection.cursor() as cursor:
        for old, new in flows.items():
            cursor.execute(
                "UPDATE viewflow_process SET flow_class = %s WHERE flow_class = %s", [new, old]
            )
            _replace_prefix(cursor, "viewflow_task", "flow_task", old + ".", new + ".")
        _replace_prefix(cursor, "viewflow_task", "owner_permission", permission_from, permission_to)
        # Queued jobs of the task library used until migration workflows/0010 (whose
        # table a database made since has not got).
        tables = schema_editor.connection.introspection.table_names(cursor)
        for old, new in jobs.items() if "django_tasks_database_dbtaskresult" in tables else ():
            cursor.execute(
                "UPDATE django_tasks_database_dbtaskresult SET task_path = %s WHERE task_path = %s",
                [new, old],
            )


def _move_content_type(apps, db, model, ct_from, ct_to):
    """Give the model's content type, and so its permissions and whoever holds them, to
    the other app. Where that app already has one (made early by code that asked for it),
    the permissions move onto it, keeping every group's and user's grants, and the old
    one goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    source = ContentType.objects.using(db).filter(app_label=ct_from, model=model).first()
    if source is None:
        return
    target = ContentType.objects.using(db).filter(app_label=ct_to, model=model).first()
    if target is None:
        source.app_label = ct_to
        source.save(using=db, update_fields=["app_label"])
        return
    GroupGrant = apps.get_model("auth", "Group").permissions.through
    UserGrant = apps.get_model("auth", "User").user_permissions.through
    for old in Permission.objects.using(db).filter(content_type=source):
        new = (
            Permission.objects.using(db).filter(content_type=target, codename=old.codename).first()
        )
        if new is None:
            old.content_type = target
            old.save(using=db, update_fields=["content_type"])
            continue
        for Grant, holder in ((GroupGrant, "group_id"), (UserGrant, "user_id")):
            has_new = Grant.objects.using(db).filter(permission=new).values_list(holder, flat=True)
            Grant.objects.using(db).filter(permission=old).exclude(
                **{f"{holder}__in": list(has_new)}
            ).update(permission=new)
        old.delete()
    source.delete()


def _replace_prefix(cursor, table, column, old, new):
    cursor.execute(
        f"UPDATE {table} SET {column} = %s || substr({column}, %s) "  # noqa: S608 (our names)
        f"WHERE substr({column}, 1, %s) = %s",
        [new, len(old) + 1, len(old), old],
    )


def forwards(apps, schema_editor):
    _rename(
        apps,
        schema_editor,
        flows=FLOWS,
        jobs=JOBS,
        permission_from="workflows.",
        permission_to="cases.",
        ct_from="workflows",
        ct_to="cases",
    )


def backwards(apps, schema_editor):
    _rename(
        apps,
        schema_editor,
        flows={new: old for old, new in FLOWS.items()},
        jobs={new: old for old, new in JOBS.items()},
        permission_from="cases.",
        permission_to="workflows.",
        ct_from="cases",
        ct_to="workflows",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_api_tokens"),
        ("workflows", "0006_task_list_indexes"),
        ("viewflow", "0015_task_scheduled"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DisputeProcess",
                    fields=[
                        (
                            "process_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="viewflow.process",
                            ),
                        ),
                        (
                            "dispute",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="processes",
                                to="cases.dispute",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "dispute process",
                        "verbose_name_plural": "dispute processes",
                        "db_table": "workflows_disputeprocess",
                    },
                    bases=("viewflow.process",),
                ),
                migrations.CreateModel(
                    name="ExerciseProcess",
                    fields=[
                        (
                            "process_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="viewflow.process",
                            ),
                        ),
                        (
                            "exercise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="processes",
                                to="cases.exercise",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "commissioning process",
                        "verbose_name_plural": "commissioning processes",
                        "db_table": "workflows_exerciseprocess",
                    },
                    bases=("viewflow.process",),
                ),
                migrations.CreateModel(
                    name="DepartureProcess",
                    fields=[
                        (
                            "process_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="viewflow.process",
                            ),
                        ),
                        (
                            "departure",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="processes",
                                to="cases.departure",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "departure review",
                        "db_table": "workflows_departureprocess",
                    },
                    bases=("viewflow.process",),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
