"""The /showcases/ directory page for themed showcases and weekly assignments.

Now made by ``setup_site`` (website/showcases/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("showcases", "0001_initial"), ("home", "0003_standardpage")]
    operations = []
