"""Replace Wagtail's placeholder welcome page with the project's HomePage as the default site's root.

Now made by ``setup_site`` (website/home/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = []
