"""Leader guides reach leaders and staff only: not other members (who get a "for group leaders" page, not a login
loop), not anonymous visitors, and not through search, the sitemap, the main menu, the cached home page or a direct
document URL."""

import pytest
from django.test import Client
from django.test.client import RedirectCycleError

from portal.groups.services.leaders import LEADERS
from recruitment.models import RecruitmentCallPage
from tests.factories import StaffUserFactory
from tests.groups.factories import MemberFactory
from tests.page_factories import (
    CoursePageFactory,
    GuideDocumentFactory,
    LeaderGuidePageFactory,
    RecruitmentCallPageFactory,
)
from website.core.permissions import COMMUNITY_TEAM, EDITORS

pytestmark = pytest.mark.django_db

GUIDE_TITLE = "Zephyr 群规模板怎么写"
GUIDE_WORD = "Zephyr"


@pytest.fixture
def document(db):
    return GuideDocumentFactory(title="群规模板")


@pytest.fixture
def guide(document):
    return LeaderGuidePageFactory(
        title=GUIDE_TITLE,
        summary="写群规的五个步骤。",
        downloads=[("download", {"title": "群规模板下载", "document": document})],
    )


def as_user(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(params=["co_leader", "granted_leader", "editor", "team_member"])
def allowed(request, co_leader):
    """Everyone who may read the guides: a co-leader, a leader by recruitment grant, editors, the community team."""
    if request.param == "co_leader":
        return co_leader
    if request.param == "granted_leader":
        from portal.groups.services import leaders

        member = MemberFactory()
        leaders.grant(member, actor=None)
        return member
    return StaffUserFactory(groups=[EDITORS if request.param == "editor" else COMMUNITY_TEAM])


def test_a_co_leader_is_in_the_leaders_group(co_leader):
    assert co_leader.groups.filter(name=LEADERS).exists()


def test_leaders_and_staff_read_the_index_and_a_guide(allowed, guide_index, guide):
    client = as_user(allowed)

    index = client.get(guide_index.url)
    page = client.get(guide.url)

    assert index.status_code == 200
    assert GUIDE_TITLE in index.content.decode()
    assert page.status_code == 200
    assert "写群规的五个步骤。" in page.content.decode()
    assert "群规模板下载" in page.content.decode()


@pytest.mark.parametrize("which", ["index", "guide"])
def test_a_signed_in_member_who_leads_nothing_gets_the_for_group_leaders_page(
    client, member, guide_index, guide, which
):
    call = RecruitmentCallPageFactory(title="招募新群主", role=RecruitmentCallPage.Role.LEADER)
    client.force_login(member)

    response = client.get(guide_index.url if which == "index" else guide.url)

    assert response.status_code == 403
    assert "guides/leaders_only.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert GUIDE_TITLE not in html and "写群规的五个步骤。" not in html
    assert call.url in html  # how to become a leader: the open leader call
    assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get("Cache-Control", "")
    english = client.get("/en" + (guide_index.url if which == "index" else guide.url))
    assert english.status_code == 403
    assert "For group leaders" in english.content.decode()


def test_a_member_who_left_leadership_loses_access(client, co_leader, guide):
    from portal.groups import services
    from portal.groups.models import Membership

    membership = Membership.objects.get(member=co_leader)
    leader = Membership.objects.get(group=membership.group, role=Membership.Role.LEADER)
    services.set_role(membership.group, leader, co_leader.pk, Membership.Role.MEMBER)
    client.force_login(co_leader)

    assert client.get(guide.url).status_code == 403


@pytest.mark.parametrize("which", ["index", "guide"])
def test_anonymous_visitors_are_sent_to_log_in(client, guide_index, guide, which):
    url = guide_index.url if which == "index" else guide.url

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"]


def test_search_never_shows_guides_to_non_leaders(member, co_leader, guide):
    for user in (None, member):
        response = as_user(user).get("/search/", {"q": GUIDE_WORD})
        assert response.status_code == 200
        html = response.content.decode()
        assert GUIDE_TITLE not in html and guide.url not in html
        assert not response.context["guides"]
        assert all(page.pk != guide.pk for page in response.context["results"] or [])

    response = as_user(co_leader).get("/search/", {"q": GUIDE_WORD})
    assert [page.pk for page in response.context["guides"]] == [guide.pk]
    assert GUIDE_TITLE in response.content.decode()


def test_the_sitemap_lists_public_pages_but_no_guides(client, guide_index, guide):
    course = CoursePageFactory(title="公开的课")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode() if not response.streaming else b"".join(response.streaming_content).decode()
    assert course.url in xml
    assert guide_index.url not in xml
    assert guide.url not in xml


def test_the_main_menu_never_links_the_guides(member, co_leader, guide_index, guide, home_page):
    for user in (co_leader, None, member):  # the leader first, so a shared menu cache would carry it over
        html = as_user(user).get(home_page.url).content.decode()
        assert f'href="{guide_index.url}"' not in html


def test_the_main_menu_leaves_the_guides_out_even_when_an_editor_ticks_show_in_menus(
    member, co_leader, guide_index, guide, home_page
):
    guide_index.show_in_menus = True
    guide_index.save_revision().publish()

    for user in (co_leader, None, member):
        html = as_user(user).get(home_page.url).content.decode()
        if user is not co_leader:
            assert f'href="{guide_index.url}"' not in html, "the restricted guide library is in the main menu"


def test_the_cached_home_page_never_carries_guide_content_to_others(co_leader, member, guide, home_page):
    CoursePageFactory(title="首页上的课")  # something in the cached programme fragment
    leader_view = as_user(co_leader).get(home_page.url)
    assert "首页上的课" in leader_view.content.decode()

    for user in (None, member):
        html = as_user(user).get(home_page.url).content.decode()
        assert "首页上的课" in html
        assert GUIDE_TITLE not in html and guide.url not in html


def test_a_guide_document_is_served_to_leaders_only(document, co_leader, member):
    url = document.url

    response = as_user(co_leader).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"LEADERS-ONLY-TEMPLATE"

    anonymous = as_user(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")

    response = as_user(member).get(url)
    assert response.status_code in (302, 403)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"LEADERS-ONLY-TEMPLATE" not in body


def test_a_signed_in_non_leader_opening_a_guide_document_is_not_sent_round_a_login_loop(document, member):
    client = as_user(member)
    try:
        response = client.get(document.url, follow=True)
    except RedirectCycleError as error:
        pytest.fail(f"a signed-in non-leader is sent round a login loop for a guide document: {error}")
    assert response.status_code in (200, 403)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"LEADERS-ONLY-TEMPLATE" not in body
