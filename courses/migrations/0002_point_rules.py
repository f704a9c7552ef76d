"""Point rules the courses app awards: completing a course (amount set per course) and bringing in a new member.

Now made by ``setup_site`` (courses/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial"), ("points", "0002_default_rules_and_levels")]
    operations = []
