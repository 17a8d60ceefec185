"""Version 1 of every compact already here: each compact's rules and commitments get the
first record of their history (dated when the compact was recorded), and each signatory
the record of when it joined, so the versions and the register's history start from
what the service already holds."""

from django.db import migrations


def _copy(model, historical, row, when):
    values = {
        field.attname: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if not field.name.startswith("history_")
        and field.attname != "updated_at"
        and field.attname != "created_at"
    }
    return historical(
        **values,
        history_date=when,
        history_type="+",
        history_change_reason="The Compact as first recorded in this service.",
    )


def forwards(apps, schema_editor):
    Compact = apps.get_model("cases", "Compact")
    Commitment = apps.get_model("cases", "Commitment")
    HistoricalCompact = apps.get_model("cases", "HistoricalCompact")
    HistoricalCommitment = apps.get_model("cases", "HistoricalCommitment")
    CompactVersion = apps.get_model("cases", "CompactVersion")
    Signatory = apps.get_model("cases", "Signatory")
    SignatoryChange = apps.get_model("cases", "SignatoryChange")
    for compact in Compact.objects.all():
        when = compact.created_at
        if not HistoricalCompact.objects.filter(id=compact.pk).exists():
            _copy(Compact, HistoricalCompact, compact, when).save()
        HistoricalCommitment.objects.bulk_create(
            _copy(Commitment, HistoricalCommitment, commitment, when)
            for commitment in Commitment.objects.filter(compact=compact)
            if not HistoricalCommitment.objects.filter(id=commitment.pk).exists()
        )
        CompactVersion.objects.get_or_create(
            compact=compact,
            number=1,
            defaults={
                "made_at": when,
                "reason": "The Compact as first recorded in this service.",
                "summary": [],
            },
        )
    SignatoryChange.objects.bulk_create(
        SignatoryChange(signatory=signatory, kind="joined", on=signatory.signed_on)
        for signatory in Signatory.objects.all()
        if not SignatoryChange.objects.filter(signatory=signatory).exists()
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0023_compact_versions_and_signatories")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
