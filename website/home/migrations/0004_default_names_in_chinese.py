"""Give the records Wagtail creates with English names Chinese ones: the root page, the root collection and the
default "Moderators approval" workflow and its task.

Now made by ``setup_site`` (website/core/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_standardpage"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]
    operations = []
