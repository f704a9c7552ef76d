"""The leader guide library, restricted to the Leaders group (and staff) with Wagtail's view restrictions, and a
private collection for its downloadable templates restricted the same way.

Now made by ``setup_site`` (website/guides/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial"), ("home", "0003_standardpage")]
    operations = []
