"""The /courses/ directory page, so every installation has one to publish courses under."""

from django.db import migrations

from website.core.migration_utils import add_child_page, home_page


def create(apps, schema_editor):
    home = home_page(apps)
    if home is None or apps.get_model("courses", "CourseIndexPage").objects.exists():
        return
    add_child_page(
        apps,
        home,
        "courses.CourseIndexPage",
        title="课程",
        slug="courses",
        show_in_menus=True,
        intro="从入门到专业的微课和直播课，线上线下都有。完成课程可以获得积分。",
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_point_rules"), ("home", "0003_standardpage")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
