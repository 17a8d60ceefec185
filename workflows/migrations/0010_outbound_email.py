"""E-mails queued as rows (`OutboundEmail`), and the move from django-tasks-db to Django Q2
(docs/decisions/0014): jobs still waiting in the old library's table, on a database that
has it, are queued again in the new one, an e-mail as an `OutboundEmail`."""

import json

from django.db import migrations, models

OLD = "django_tasks_database_dbtaskresult"


def carry_over(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if OLD not in connection.introspection.table_names(cursor):
            return
        cursor.execute(
            f"SELECT task_path, args_kwargs FROM {OLD} "  # noqa: S608 (a constant)
            "WHERE status IN ('READY', 'RUNNING') ORDER BY enqueued_at"
        )
        waiting = cursor.fetchall()
    if not waiting:
        return
    from django_q.tasks import async_task

    OutboundEmail = apps.get_model("workflows", "OutboundEmail")
    for path, args_kwargs in waiting:
        kwargs = args_kwargs if isinstance(args_kwargs, dict) else json.loads(args_kwargs)
        kwargs = dict(kwargs.get("kwargs") or {})
        kwargs.pop("attempt", None)
        if path.endswith(".send_email"):
            email = OutboundEmail.objects.create(
                to=kwargs.get("to") or [], subject=kwargs.get("subject", ""), body=kwargs.get("body", "")
            )
            async_task("workflows.jobs.send_email", email_id=email.pk)
        else:
            # A letter job: its letter may be made already, and its e-mail not sent (the
            # old worker sent after saving the letter): send it again, rather than never.
            async_task(path, **kwargs, resend=True)


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0009_step_entries'),
        ('django_q', '0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutboundEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', models.JSONField(default=list)),
                ('subject', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('attachment', models.CharField(blank=True, max_length=300)),
                ('attachment_name', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['sent_at', 'created_at'], name='workflows_o_sent_at_adbbe1_idx')],
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
