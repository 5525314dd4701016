"""The audit trail is append-only in the database too (等保2.0 L3; issue 14 finding 5): a trigger refuses
every UPDATE of core_auditentry, and every DELETE unless the transaction said `SET LOCAL
portal.audit_purge = 'on'` — which only the retention purge (core.tasks.purge_audit) does. PostgreSQL
only: the SQLite file of `make run` relies on the model's own refusal (AuditEntry.save/delete).

A later migration that must rewrite rows (none should) disables the trigger around its work."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('portal.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'core_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: the SQL holds a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_ip_channel_society_result")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
