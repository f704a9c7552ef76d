"""Every change a public page shows clears it at once: anonymous GET (miss), GET (hit), the change through the real
service or view, and the next anonymous GET renders afresh and shows it."""

import pytest
from wagtail.models import Site

from courses import services as course_services
from portal.groups import services as group_services
from portal.groups.models import CommunityGroup
from portal.groups.services import activities as activity_services
from portal.groups.services import lifecycle
from recruitment import services as recruitment_services
from tests.cache.conftest import state
from tests.groups.factories import MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import (
    CoursePageFactory,
    EntryFactory,
    FeaturedGroupPageFactory,
    RecruitmentCallPageFactory,
    ShowcasePageFactory,
)
from website.core.models import SiteSettings
from website.showcases import moderation
from website.showcases import services as showcase_services

pytestmark = pytest.mark.django_db


def warm(anon, *urls):
    for url in urls:
        assert state(anon(url)) in ("miss", "hit"), url
        assert state(anon(url)) == "hit", url


def fresh(anon, url):
    response = anon(url)
    assert response.status_code == 200, url
    assert state(response) == "miss", f"{url} still served from the cache"
    return response.content.decode()


def test_a_profile_edit_clears_the_group_page_the_directory_home_activities_and_its_story(anon, group):
    CommunityGroup.objects.filter(pk=group.pk).update(stage=CommunityGroup.Stage.CORE)
    group.refresh_from_db()  # only a core group is featured
    story = FeaturedGroupPageFactory(group=group)
    urls = [group.get_absolute_url(), f"/en{group.get_absolute_url()}", "/groups/", "/", "/activities/", story.url]
    warm(anon, *urls)
    group.name = "西湖夜读会"
    group.city = "宁波"
    group.save()  # what the manage-settings view does with its valid form
    for url in [group.get_absolute_url(), f"/en{group.get_absolute_url()}", "/groups/", story.url]:
        assert "西湖夜读会" in fresh(anon, url), url
    fresh(anon, "/")
    fresh(anon, "/activities/")


def test_a_group_with_a_chinese_slug_is_purged_too(anon, leader):
    from tests.groups.factories import CommunityGroupFactory

    group = CommunityGroupFactory(name="西湖读书会", slug="西湖读书会", leader=leader)
    url = group.get_absolute_url()
    assert "%" in url
    warm(anon, url)
    group.name = "西湖夜读会"
    group.save()
    assert "西湖夜读会" in fresh(anon, url)


def test_a_join_and_a_leave_show_the_new_member_count(anon, group):
    url = group.get_absolute_url()
    warm(anon, url, "/groups/")
    member = MemberFactory()
    group_services.request_to_join(group, member)  # the default rules admit at once
    group.refresh_from_db()
    assert group.member_count == 2
    assert "2 / 30" in fresh(anon, url)
    fresh(anon, "/groups/")
    warm(anon, url)
    group_services.leave_group(group, member)
    assert "1 / 30" in fresh(anon, url)


def test_an_approved_join_request_shows_the_new_member_count(anon, group, leader):
    from portal.groups.models import JoinRequest

    group.join_policy = CommunityGroup.JoinPolicy.APPROVAL
    group.save()
    member = MemberFactory()
    group_services.request_to_join(group, member)
    url = group.get_absolute_url()
    warm(anon, url)
    group_services.approve_requests(group, leader, list(JoinRequest.objects.filter(group=group)))
    assert "2 / 30" in fresh(anon, url)


def test_archiving_clears_the_group_page_and_the_directory(anon, group, leader):
    warm(anon, group.get_absolute_url(), "/groups/")
    group_services.archive_group(group, leader)
    fresh(anon, "/groups/")
    response = anon(group.get_absolute_url())
    assert state(response) != "hit"


def test_a_stage_change_clears_the_group_page_and_its_featured_story(anon, group, staff_user):
    group.stage = CommunityGroup.Stage.CORE
    group.save()
    story = FeaturedGroupPageFactory(group=group)
    warm(anon, group.get_absolute_url(), story.url)
    lifecycle.set_stage_by_hand(group, CommunityGroup.Stage.GROWING, staff_user, "测试")
    fresh(anon, group.get_absolute_url())
    assert state(anon(story.url)) != "hit"


def test_activities_created_and_cancelled_clear_the_group_page_and_activities(anon, group):
    urls = [group.get_absolute_url(), "/activities/", "/en/activities/"]
    warm(anon, *urls)
    activity = ActivityFactory(group=group, title="湖边读诗夜")
    for url in urls:
        assert "湖边读诗夜" in fresh(anon, url)
    warm(anon, *urls)
    activity_services.cancel_activity(activity)
    for url in urls:
        assert "湖边读诗夜" not in fresh(anon, url)


def test_an_rsvp_clears_the_activity_listings(anon, group):
    activity = ActivityFactory(group=group)
    member = MemberFactory()
    MembershipFactory(group=group, member=member)
    warm(anon, group.get_absolute_url(), "/activities/")
    activity_services.rsvp(activity, member)
    fresh(anon, group.get_absolute_url())
    fresh(anon, "/activities/")


def test_an_enrolment_shows_the_seats_left_on_the_course_page_and_clears_the_index(anon, home_page):
    course = CoursePageFactory(capacity=5)
    index = course.get_parent().url
    warm(anon, course.url, index)
    member = MemberFactory()
    course_services.enrol(course, member)
    assert "<strong>4</strong>" in fresh(anon, course.url)
    fresh(anon, index)
    warm(anon, course.url)
    course_services.cancel(course, member)
    assert "<strong>5</strong>" in fresh(anon, course.url)


def test_an_application_clears_the_call_page(anon, home_page):
    call = RecruitmentCallPageFactory()
    warm(anon, call.url, call.get_parent().url)
    recruitment_services.apply(call, MemberFactory(), {})
    fresh(anon, call.url)
    fresh(anon, call.get_parent().url)


def test_votes_and_approvals_clear_the_entry_the_showcase_and_the_index(anon, home_page):
    showcase = ShowcasePageFactory()
    entry = EntryFactory(showcase=showcase)
    entry_url = f"{showcase.url}entries/{entry.pk}/"
    urls = [entry_url, showcase.url, showcase.get_parent().url]
    warm(anon, *urls)
    showcase_services.toggle_vote(entry, MemberFactory())
    assert "♥ 1" in fresh(anon, entry_url)
    assert "♥ 1" in fresh(anon, showcase.url)
    fresh(anon, showcase.get_parent().url)

    pending = EntryFactory(showcase=showcase, status="pending", title="待审核的作品")
    warm(anon, showcase.url)
    moderation.approve_entries([pending], user=None)
    assert "待审核的作品" in fresh(anon, showcase.url)


def test_a_publish_clears_every_page_in_both_languages(anon, group, home_page):
    urls = ["/", "/en/", "/groups/", "/en/groups/", group.get_absolute_url(), "/activities/"]
    warm(anon, *urls)
    home_page.title = "新首页"
    home_page.save_revision().publish()
    for url in urls:
        fresh(anon, url)


def test_an_unpublish_clears_every_page(anon, group, home_page):
    course = CoursePageFactory(title="即将下线的课")
    index = course.get_parent().url
    warm(anon, index, "/")
    assert "即将下线的课" in anon(index).content.decode()
    course.unpublish()
    assert "即将下线的课" not in fresh(anon, index)
    fresh(anon, "/")


def test_site_settings_clear_every_page(anon, group, home_page):
    urls = ["/", "/en/", group.get_absolute_url()]
    warm(anon, *urls)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.save()
    for url in urls:
        fresh(anon, url)


def test_the_nightly_job_purges_a_group_that_turns_dormant_and_purges_shared_pages_once(
    anon, home_page, django_capture_on_commit_callbacks, monkeypatch
):
    from portal.groups.models import LifecycleRules
    from tests.groups.lifecycle.helpers import build_group
    from website.core import page_cache

    LifecycleRules.load()
    quiet = build_group(members=2, active=0, activities=1, points=0, days=100, name="好久没动的小组")
    others = [build_group(members=2, active=0, activities=1, points=0, days=100) for _ in range(3)]
    urls = [quiet.get_absolute_url(), "/groups/"]
    warm(anon, *urls)
    bumped = []
    real_bump = page_cache.bump_path
    monkeypatch.setattr(
        page_cache, "bump_path", lambda path: (bumped.append(page_cache.neutral_path(path)), real_bump(path))
    )
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.run_evaluation()
    quiet.refresh_from_db()
    assert quiet.dormant
    assert "好久没动的小组" not in fresh(anon, "/groups/")  # dormant groups leave the directory's default view
    fresh(anon, quiet.get_absolute_url())
    # Four groups changed; the directory was bumped once now and once after commit, not once per group.
    assert bumped.count("/groups/") == 2
    assert {group.get_absolute_url() for group in others} <= set(bumped)


def test_a_vote_refreshes_the_most_loved_works_on_home_for_members_too(client, anon, home_page):
    from tests.page_factories import EntryFactory, ShowcasePageFactory

    showcase = ShowcasePageFactory()
    entry = EntryFactory(showcase=showcase, status="approved", title="秋日面包")
    member = MemberFactory()
    client.force_login(member)
    assert "♥ 0" in client.get("/").content.decode()  # the programme fragment is cached for signed-in pages
    warm(anon, "/")
    showcase_services.toggle_vote(entry, MemberFactory())
    assert "♥ 1" in fresh(anon, "/")
    assert "♥ 1" in client.get("/").content.decode()
