"""Triggers that refuse every SQL UPDATE and DELETE of an audit entry (issue 13 §3); see
``skillaward/audit/seal.py``. A later migration that makes Django rebuild the table on SQLite
(changing a column's type) drops them with the old table: the trail tests then fail."""

from django.db import migrations

UPDATE_REFUSED = "操作记录只能追加，不能修改"
DELETE_REFUSED = "操作记录只能追加，不能删除"

SQLITE = [
    f"""CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '{UPDATE_REFUSED}'); END""",
    f"""CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_auditentry
    WHEN NOT skillaward_trail_unsealed()
    BEGIN SELECT RAISE(ABORT, '{DELETE_REFUSED}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_trail_no_update",
    "DROP TRIGGER IF EXISTS audit_trail_no_delete",
]

POSTGRESQL = [
    f"""CREATE FUNCTION audit_trail_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION '{UPDATE_REFUSED}' USING ERRCODE = 'restrict_violation';
        END IF;
        RAISE EXCEPTION '{DELETE_REFUSED}' USING ERRCODE = 'restrict_violation';
    END $$""",
    """CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_trail_refuse()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_trail_append_only ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_trail_refuse()",
]


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_holiday_schedules"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
