"""Default topics and the /groups/ directory page, so every installation starts with a working directory.

Now made by ``setup_site`` (portal/groups/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("home", "0003_standardpage"),
    ]
    operations = []
