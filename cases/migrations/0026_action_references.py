"""The actions already in a plan: their statuses in the new words (planned is not
started, under way is on track) and a reference each, numbered by the compact's counter."""

from django.db import migrations
from django.db.models import F

STATUSES = {"planned": "not_started", "underway": "on_track"}


def forwards(apps, schema_editor):
    ActionPlanItem = apps.get_model("cases", "ActionPlanItem")
    ReferenceCounter = apps.get_model("cases", "ReferenceCounter")
    for old, new in STATUSES.items():
        ActionPlanItem.objects.filter(status=old).update(status=new)
    for action in ActionPlanItem.objects.filter(reference__isnull=True).select_related(
        "compact"
    ).order_by("pk"):
        year = action.created_at.year
        counter, _ = ReferenceCounter.objects.get_or_create(
            compact=action.compact, kind="A", year=year
        )
        ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db()
        action.reference = f"{action.compact.prefix}-A-{year}-{counter.last:04d}"
        action.save(update_fields=["reference"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0025_the_compacts_year")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
