from django.db import migrations

from . import _round_counters_sql as counters


def install(apps, schema_editor):
    counters.install_moved(schema_editor)


def uninstall(apps, schema_editor):
    counters.uninstall_moved(schema_editor)


class Migration(migrations.Migration):
    """The round counters follow a participant moved to another unit."""

    dependencies = [("assessments", "0012_reminder_sends")]

    operations = [migrations.RunPython(install, uninstall)]
