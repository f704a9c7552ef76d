"""Point rules for activities; the groups app owns these triggers and calls the points API with them."""

from django.db import migrations

RULES = [
    ("activity_attended", "参加活动", 10, 3, "签到参加一次社群活动，每天最多 3 次"),
    ("activity_hosted", "组织活动", 30, None, "活动结束后提交活动报告，且至少一人签到"),
]


def create(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    for order, (code, name, points, cap, description) in enumerate(RULES, start=10):
        PointRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "points": points, "daily_cap": cap, "description": description, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0004_activities_and_lifecycle"),
        ("points", "0002_default_rules_and_levels"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
