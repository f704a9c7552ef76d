"""Point rules for showcases: an approved entry, each vote received (capped per entry in code), an editors' pick."""

from django.db import migrations

RULES = [
    ("showcase_entry", "作品上线", 10, 3, "投稿通过审核上线，每天最多 3 次"),
    ("showcase_vote_received", "作品获得点赞", 1, None, "每获得一个赞 1 分，每件作品最多计 20 个赞"),
    ("showcase_picked", "作品入选编辑精选", 100, None, "作品被编辑选为精选"),
]


def create(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    for order, (code, name, points, cap, description) in enumerate(RULES, start=30):
        PointRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "points": points, "daily_cap": cap, "description": description, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("showcases", "0002_showcase_directory"), ("points", "0002_default_rules_and_levels")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
