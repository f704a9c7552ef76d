"""Dormant groups: labelled, left out of the directory by default, closed to newcomers, filterable by staff, and woken
by the nightly evaluation once they hold an activity again."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from portal.groups import services
from portal.groups.models import CommunityGroup, JoinRequest, Membership
from portal.groups.services.lifecycle import run_evaluation
from tests.groups.factories import CommunityGroupFactory
from tests.groups.lifecycle.factories import ActivityFactory, days_ago

DIRECTORY = "/en/groups/"


def make_dormant(group):
    CommunityGroup.objects.filter(pk=group.pk).update(
        dormant=True, last_activity_at=timezone.now() - timedelta(days=120)
    )
    group.refresh_from_db()
    return group


def _listed(client, **params):
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    return [group.name for group in response.context["groups"].object_list]


def test_the_directory_leaves_dormant_groups_out_unless_asked(client, db):
    CommunityGroupFactory(name="常有活动")
    make_dormant(CommunityGroupFactory(name="好久没动"))

    assert _listed(client) == ["常有活动"]
    assert sorted(_listed(client, dormant="1")) == sorted(["常有活动", "好久没动"])


def test_a_dormant_group_is_labelled_on_its_card_and_its_page(client, db):
    group = make_dormant(CommunityGroupFactory(name="好久没动"))

    listing = client.get(DIRECTORY, {"dormant": "1"}).content.decode()
    assert "Dormant" in listing
    page = client.get(f"/en/groups/{group.slug}/").content.decode()
    assert "Dormant" in page and "takes no new members or join requests" in page
    assert "Log in to join" not in page


def test_an_active_group_carries_no_dormant_label(client, db):
    group = CommunityGroupFactory(name="常有活动")
    assert "Dormant" not in client.get(f"/en/groups/{group.slug}/").content.decode()


def test_nobody_can_join_a_dormant_open_group(group, outsider, login):
    make_dormant(group)

    assert services.join_state(group, outsider).code == "dormant"
    with pytest.raises(services.GroupActionError, match="dormant"):
        services.request_to_join(group, outsider)

    response = login(outsider).post(reverse("groups:join", args=[group.slug]), follow=True)
    assert "This group is dormant" in response.content.decode()
    assert not Membership.objects.filter(group=group, member=outsider).exists()


def test_nobody_can_ask_to_join_a_dormant_approval_group(approval_group, outsider):
    make_dormant(approval_group)

    with pytest.raises(services.GroupActionError, match="dormant"):
        services.request_to_join(approval_group, outsider, ["想认识书友"])
    assert not JoinRequest.objects.filter(group=approval_group).exists()


def test_members_of_a_dormant_group_keep_their_place(group, leader):
    make_dormant(group)
    assert services.join_state(group, leader).code == "leader"


def test_a_request_open_before_the_group_went_quiet_can_still_be_withdrawn(approval_group, outsider):
    services.request_to_join(approval_group, outsider, ["想认识书友"])
    make_dormant(approval_group)
    assert services.join_state(approval_group, outsider).code == "requested"


def test_holding_an_activity_wakes_the_group_the_next_night(group, outsider, client):
    make_dormant(group)
    ActivityFactory(group=group, starts_at=days_ago(1))

    run_evaluation()

    group.refresh_from_db()
    assert not group.dormant
    assert group.name in _listed(client)
    assert services.join_state(group, outsider).code == "join"


def test_staff_filter_the_group_list_on_dormancy(client, community_team_member, db):
    CommunityGroupFactory(name="常有活动")
    make_dormant(CommunityGroupFactory(name="好久没动"))
    client.force_login(community_team_member)
    url = reverse("groups_communitygroup_modeladmin_index")

    dormant = client.get(url, {"dormant": "yes"})
    awake = client.get(url, {"dormant": "no"})

    assert dormant.status_code == 200
    assert "好久没动" in dormant.content.decode() and "常有活动" not in dormant.content.decode()
    assert "常有活动" in awake.content.decode() and "好久没动" not in awake.content.decode()


def test_anonymous_visitors_see_why_they_cannot_join(db):
    group = make_dormant(CommunityGroupFactory())
    assert services.join_state(group, AnonymousUser()).code == "dormant"
