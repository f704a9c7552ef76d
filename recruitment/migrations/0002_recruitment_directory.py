"""The /recruitment/ directory page for calls to leaders, lecturers, seed users and volunteers."""

from django.db import migrations

from website.core.migration_utils import add_child_page, home_page


def create(apps, schema_editor):
    home = home_page(apps)
    if home is None or apps.get_model("recruitment", "RecruitmentIndexPage").objects.exists():
        return
    add_child_page(
        apps,
        home,
        "recruitment.RecruitmentIndexPage",
        title="招募",
        slug="recruitment",
        show_in_menus=True,
        intro="我们在招募社群领袖、讲师、种子用户和志愿者。看看有没有适合你的位置。",
    )


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial"), ("home", "0003_standardpage")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
