"""Site search over the boards: public posts for everyone, in Chinese; a members-only board's posts for its own
members only; hidden and deleted posts for nobody. Posts are indexed when they are saved, through the services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.board.models import BoardSettings
from portal.board.services import posts as post_services
from portal.board.services.common import viewer_for
from portal.groups.models import CommunityGroup
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [post.title for post in response.context["posts"] or []]


@pytest.fixture
def people(db):
    leader = MemberFactory(display_name="组长老陈")
    member = MemberFactory(display_name="书友小林")
    outsider = MemberFactory(display_name="路人阿周")
    open_group = CommunityGroupFactory(name="周末登山队", slug="weekend-hikers", leader=leader)
    closed_group = CommunityGroupFactory(name="私房烘焙小组", slug="home-bakers", leader=leader)
    MembershipFactory(group=open_group, member=member)
    MembershipFactory(group=closed_group, member=member)
    BoardSettings.objects.create(group=closed_group, visibility=BoardSettings.Visibility.MEMBERS)
    return {"leader": leader, "member": member, "outsider": outsider, "open": open_group, "closed": closed_group}


def write(group, author, title, body):
    return post_services.create_post(viewer_for(group, author), title=title, body=f"<p>{body}</p>")


def test_a_chinese_word_from_a_public_post_finds_it_for_anyone(client, people):
    post = write(people["open"], people["member"], "香山红叶徒步路线", "从北宫门上山，沿着碧云寺下山，全程八公里。")

    assert found(client, "红叶") == ["香山红叶徒步路线"]
    assert found(client, "碧云寺") == ["香山红叶徒步路线"]  # a word from the excerpt, not the title
    response = client.get("/search/", {"q": "红叶"})
    assert reverse("board:post", args=[people["open"].slug, post.pk]) in response.content.decode()


def test_a_members_only_post_is_found_by_a_member_and_by_nobody_else(client, people):
    write(people["closed"], people["leader"], "酸种面包配方分享", "老面发酵十二小时。")

    assert found(client, "酸种") == []  # anonymous
    client.force_login(people["outsider"])
    assert found(client, "酸种") == []
    client.force_login(people["member"])
    assert found(client, "酸种") == ["酸种面包配方分享"]


def test_hidden_and_deleted_posts_are_never_found(client, people):
    hidden = write(people["open"], people["member"], "野长城露营装备清单", "帐篷、睡袋和头灯。")
    deleted = write(people["open"], people["leader"], "野长城夜爬集合时间", "晚上九点集合。")
    hidden.hidden_at = timezone.now()
    hidden.hidden_reason = "广告"
    hidden.save()
    post_services.delete_post(viewer_for(people["open"], people["leader"]), deleted)
    client.force_login(people["member"])

    assert found(client, "野长城") == []


def test_posts_of_an_archived_group_are_not_found(client, people):
    write(people["open"], people["member"], "慕田峪长城一日游", "坐公交车去。")
    people["open"].status = CommunityGroup.Status.ARCHIVED
    people["open"].save()

    assert found(client, "慕田峪") == []


def test_a_title_match_comes_before_an_excerpt_match(client, people):
    write(people["open"], people["member"], "装备讨论", "登山杖怎么选？")
    write(people["open"], people["leader"], "登山杖推荐", "轻一点的好。")

    assert found(client, "登山杖") == ["登山杖推荐", "装备讨论"]
