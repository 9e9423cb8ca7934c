# One word per idea: the Assignment model's comments and reopenings are named
# after it ("form" is the user-facing word, not a code name). Data unchanged.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0003_personal_data_retention"),
        ("competency", "0002_competency_versions"),
    ]

    operations = [
        migrations.RenameModel("FormComment", "AssignmentComment"),
        migrations.RenameModel("FormReopening", "AssignmentReopening"),
    ]
