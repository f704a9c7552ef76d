"""Point rules the courses app awards: completing a course (amount set per course) and bringing in a new member."""

from django.db import migrations

RULES = [
    ("course_completed", "完成课程", 50, None, "按课程设置的出勤比例完成课程；分值以课程设置为准"),
    ("course_referral", "分享课程带来新成员", 20, None, "通过你的课程分享链接注册并报名的新成员，每人一次"),
]


def create(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    for order, (code, name, points, cap, description) in enumerate(RULES, start=20):
        PointRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "points": points, "daily_cap": cap, "description": description, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial"), ("points", "0002_default_rules_and_levels")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
