"""Default point rules and levels, in Chinese; the community team changes amounts in the admin afterwards.

Now made by ``setup_site`` (portal/points/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]
    operations = []
