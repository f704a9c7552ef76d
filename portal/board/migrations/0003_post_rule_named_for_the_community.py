"""The posting rule says 社群 like the rest of the site (it said 小组). Only a name still as first seeded is changed:
a name the community team edited stays theirs."""

from django.db import migrations

OLD, NEW = "在小组发帖", "在社群发帖"


def rename(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    PointRule.objects.using(schema_editor.connection.alias).filter(code="board_post", name=OLD).update(name=NEW)


def rename_back(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    PointRule.objects.using(schema_editor.connection.alias).filter(code="board_post", name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0002_indexes_and_delete_action"),
        ("points", "0008_rule_monthly_cap"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
