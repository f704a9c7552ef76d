"""Point rules for activities; the groups app owns these triggers and calls the points API with them.

Now made by ``setup_site`` (portal/groups/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0004_activities_and_lifecycle"),
        ("points", "0002_default_rules_and_levels"),
    ]
    operations = []
