"""Point rules for showcases: an approved entry, each vote received (capped per entry in code), an editors' pick.

Now made by ``setup_site`` (website/showcases/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("showcases", "0002_showcase_directory"), ("points", "0002_default_rules_and_levels")]
    operations = []
