"""The site structure comes from setup_site: after migrate, after a flush and by hand, the same, and never twice."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, Page, PageViewRestriction, Site, Workflow, WorkflowPage

from courses.models import CourseIndexPage
from portal.groups.models import GroupIndexPage, Topic
from portal.points.models import Level, PointRule
from website.core.site_setup import setup_site
from website.featured.models import FeaturedGroupIndexPage
from website.guides.models import LeaderGuideIndexPage
from website.home.models import HomePage

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("website", "portal", "courses", "recruitment")
INDEX_PAGES = [
    "/home/groups/",
    "/home/courses/",
    "/home/featured/",
    "/home/leader-guides/",
    "/home/recruitment/",
    "/home/showcases/",
]


def structure():
    """What setup_site makes, as comparable values."""
    return {
        "pages": list(Page.objects.order_by("path").values_list("url_path", "depth", "numchild", "live")),
        "site": list(
            Site.objects.values_list("hostname", "port", "site_name", "root_page__url_path", "is_default_site")
        ),
        "collections": list(Collection.objects.order_by("path").values_list("name", flat=True)),
        "groups": sorted((group.name, group.permissions.count()) for group in Group.objects.all()),
        "workflows": sorted(WorkflowPage.objects.values_list("workflow__name", "page__url_path")),
        "rules": list(PointRule.objects.order_by("sort_order").values_list("code", "points", "daily_cap")),
        "levels": list(Level.objects.order_by("min_points").values_list("name", "min_points")),
        "topics": Topic.objects.count(),
        "restrictions": list(PageViewRestriction.objects.values_list("page__url_path", flat=True)),
    }


@pytest.mark.django_db
def test_migrate_leaves_the_home_page_and_every_index_page_under_it():
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert [page.url_path for page in home.get_children()] == INDEX_PAGES
    assert all(page.live for page in home.get_children())
    assert Workflow.objects.get(workflow_pages__page=FeaturedGroupIndexPage.objects.get()).tasks.count() == 2
    assert list(
        LeaderGuideIndexPage.objects.get()
        .view_restrictions.get()
        .groups.order_by("name")
        .values_list("name", flat=True)
    ) == ["Community team", "Editors", "Leaders"]


@pytest.mark.django_db
def test_running_it_again_changes_nothing():
    before = structure()
    setup_site()
    call_command("setup_site", verbosity=0)
    assert structure() == before


@pytest.mark.django_db
def test_it_puts_back_a_deleted_index_page_and_keeps_what_editors_changed():
    CourseIndexPage.objects.get().delete()
    GroupIndexPage.objects.update(title="兴趣社群")
    PointRule.objects.filter(code="group_joined").update(points=7)

    call_command("setup_site", verbosity=0)

    assert CourseIndexPage.objects.get().get_parent().specific_class is HomePage
    assert GroupIndexPage.objects.get().title == "兴趣社群"
    assert PointRule.objects.get(code="group_joined").points == 7


@pytest.mark.django_db(transaction=True)
def test_a_flush_is_followed_by_the_same_structure():
    before = structure()
    call_command("flush", verbosity=0, interactive=False)
    assert structure() == before


def test_data_migrations_import_no_app_code():
    """A migration runs against the historical models; live app code would change under it as the apps change."""
    offenders = []
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("migrations/*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PROJECT_PACKAGES):
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module} import ...")
    assert offenders == []
