"""The leader guide library, restricted to the Leaders group (and staff) with Wagtail's view restrictions, and a
private collection for its downloadable templates restricted the same way."""

from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from website.core.site_setup import add_index_page, step

from .models import LeaderGuideIndexPage

GROUPS = ["Leaders", "Editors", "Community team"]
COLLECTION = "群主指南资料"


@step(600)
def library_and_restrictions(using):
    groups = [Group.objects.using(using).get_or_create(name=name)[0] for name in GROUPS]
    collection = Collection.objects.using(using).filter(name=COLLECTION, depth=2).first()
    if collection is None:
        collection = Collection.objects.using(using).get(depth=1).add_child(instance=Collection(name=COLLECTION))
    if not CollectionViewRestriction.objects.using(using).filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.using(using).create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(groups)

    library = add_index_page(
        LeaderGuideIndexPage,
        using,
        title="群主指南",
        slug="leader-guides",
        show_in_menus=False,
        intro="只给群主和管理员看的实用手册：建群、定规则、做内容、办活动、迎新和处理冲突。",
    )
    if library is not None:
        restriction = PageViewRestriction.objects.using(using).create(
            page=library, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set(groups)
