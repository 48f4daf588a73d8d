"""The audit trail moves to ``audit.AuditEntry``: every application entry is copied across,
its stage change as before and after, its time kept, then the old table goes."""

from django.db import migrations


def copy_entries(apps, schema_editor):
    Old = apps.get_model("review", "AuditEntry")
    New = apps.get_model("audit", "AuditEntry")
    Application = apps.get_model("campaigns", "Application")
    names = dict(Application.objects.values_list("pk", "name"))
    for old in Old.objects.order_by("id").iterator():
        new = New.objects.create(
            subject_type="campaigns.application",
            subject_id=old.application_id,
            subject_label=names.get(old.application_id) or "",
            actor_id=old.actor_id,
            actor_name=old.actor_name,
            role=old.role,
            organisation=old.organisation,
            action=old.action,
            stage=old.from_stage,
            before={"stage": old.from_stage} if old.to_stage else {},
            after={"stage": old.to_stage} if old.to_stage else {},
            reason=old.reason,
            clause=old.clause,
            document=old.document.name,
        )
        New.objects.filter(pk=new.pk).update(at=old.at)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("audit", "0001_initial"),
        ("campaigns", "0004_applicationversion"),
    ]

    operations = [
        migrations.RunPython(copy_entries, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEntry"),
    ]
