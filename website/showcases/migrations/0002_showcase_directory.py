"""The /showcases/ directory page for themed showcases and weekly assignments."""

from django.db import migrations

from website.core.migration_utils import add_child_page, home_page


def create(apps, schema_editor):
    home = home_page(apps)
    if home is None or apps.get_model("showcases", "ShowcaseIndexPage").objects.exists():
        return
    add_child_page(
        apps,
        home,
        "showcases.ShowcaseIndexPage",
        title="作品展",
        slug="showcases",
        show_in_menus=True,
        intro="晒出你的作品，讲讲背后的故事。点赞最多的作品和编辑精选都有奖。",
    )


class Migration(migrations.Migration):
    dependencies = [("showcases", "0001_initial"), ("home", "0003_standardpage")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
