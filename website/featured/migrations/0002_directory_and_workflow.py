"""The featured-groups page and its two-step workflow: "Editors review", then "Community team approval".

Now made by ``setup_site`` (website/featured/structure.py) on every migrate and flush;
this migration is kept, empty, so databases that ran it stay consistent with the migration graph.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("featured", "0001_initial"),
        ("home", "0003_standardpage"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]
    operations = []
