"""The /recruitment/ directory page for calls to leaders, lecturers, seed users and volunteers.

Now made by ``setup_site`` (recruitment/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial"), ("home", "0003_standardpage")]
    operations = []
