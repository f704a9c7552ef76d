"""The /courses/ directory page, so every installation has one to publish courses under.

Now made by ``setup_site`` (courses/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_point_rules"), ("home", "0003_standardpage")]
    operations = []
