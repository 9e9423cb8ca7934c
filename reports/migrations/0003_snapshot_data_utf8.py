import reports.models
from django.db import migrations, models


def compress_data_with_lz4(apps, schema_editor):
    """PostgreSQL: compress the snapshot data with lz4 rather than pglz.

    Building a 10,000-person round's snapshots writes 140 MB of JSON; pglz
    spent about 1.4 s of the 10 s target compressing it (docs/benchmarks.md).
    Skipped where lz4 is not built in, and on other databases.
    """
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    if row and "lz4" in (row[0] or []):
        schema_editor.execute(
            "ALTER TABLE reports_reportsnapshot ALTER COLUMN data SET COMPRESSION lz4")


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_snapshot_form_baseline'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportsnapshot',
            name='data',
            field=models.JSONField(encoder=reports.models.UnicodeJSONEncoder),
        ),
        migrations.RunPython(compress_data_with_lz4, migrations.RunPython.noop),
    ]
