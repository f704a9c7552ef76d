"""The leader guide library, restricted to the Leaders group (and staff) with Wagtail's view restrictions, and a
private collection for its downloadable templates restricted the same way."""

from django.db import migrations

from website.core.migration_utils import add_child_collection, add_child_page, home_page

GROUPS = ["Leaders", "Editors", "Community team"]
COLLECTION = "群主指南资料"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    groups = [Group.objects.get_or_create(name=name)[0] for name in GROUPS]

    collection = add_child_collection(apps, COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")
        restriction.groups.set(groups)

    home = home_page(apps)
    Library = apps.get_model("guides", "LeaderGuideIndexPage")
    if home is None or Library.objects.exists():
        return
    library = add_child_page(
        apps,
        home,
        "guides.LeaderGuideIndexPage",
        title="群主指南",
        slug="leader-guides",
        show_in_menus=False,
        intro="只给群主和管理员看的实用手册：建群、定规则、做内容、办活动、迎新和处理冲突。",
    )
    restriction = PageViewRestriction.objects.create(page_id=library.pk, restriction_type="groups")
    restriction.groups.set(groups)


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial"), ("home", "0003_standardpage")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
