"""The preferences page: every registered type by section, a choice per type saved as a row only when it differs
from the default; hostile input is refused without a 500."""

import pytest
from django.urls import reverse

from portal.notifications.models import Preference
from portal.notifications.services import channel_for

from .conftest import DECISION, DIGESTED, MAILED, PING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_types")]

URL = "/portal/notifications/preferences/"


def test_preferences_need_a_signed_in_member(client):
    assert client.get(URL).status_code == 302


def test_every_type_is_listed_by_section_without_off_where_it_cannot_be_turned_off(client, member):
    client.force_login(member)
    response = client.get(URL)
    html = response.content.decode()
    assert "<legend>Tests</legend>" in html
    for code in (PING, MAILED, DIGESTED, DECISION):
        assert f'name="{code}"' in html
    decision = html.split(f'name="{DECISION}"')[1].split("</select>")[0]
    assert 'value="off"' not in decision
    ping = html.split(f'name="{PING}"')[1].split("</select>")[0]
    assert 'value="off"' in ping and 'value="site" selected' in ping


def test_the_account_nav_and_the_list_link_to_preferences(client, member):
    client.force_login(member)
    assert URL in client.get(reverse("accounts:profile_edit")).content.decode()
    assert URL in client.get(reverse("notifications:list")).content.decode()


def test_saving_stores_only_choices_that_differ_from_the_default(client, member):
    client.force_login(member)
    response = client.post(URL, {PING: "off", MAILED: "digest", DIGESTED: "digest", DECISION: "email"})
    assert response.status_code == 302
    assert dict(Preference.objects.filter(member=member).values_list("kind", "channel")) == {
        PING: "off",
        MAILED: "digest",
    }
    client.post(URL, {PING: "site", MAILED: "site"})
    assert dict(Preference.objects.filter(member=member).values_list("kind", "channel")) == {MAILED: "site"}
    assert channel_for(member, PING) == "site"
    assert channel_for(member, MAILED) == "site"


def test_a_missing_field_keeps_the_current_choice(client, member):
    Preference.objects.create(member=member, kind=PING, channel="email")
    client.force_login(member)
    client.post(URL, {MAILED: "off"})
    assert channel_for(member, PING) == "email"
    assert channel_for(member, MAILED) == "off"


@pytest.mark.parametrize(
    "data",
    [
        {PING: "loud"},
        {DECISION: "off"},
        {PING: "site" * 5000},
        {PING: "\x00"},
    ],
)
def test_hostile_choices_are_refused_and_nothing_is_saved(client, member, data):
    client.force_login(member)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not Preference.objects.filter(member=member).exists()


def test_unknown_types_are_ignored(client, member):
    client.force_login(member)
    response = client.post(URL, {"groups.nothing": "off", "csrfmiddlewaretoken": "x" * 10, PING: "digest"})
    assert response.status_code == 302
    assert list(Preference.objects.filter(member=member).values_list("kind", flat=True)) == [PING]


def test_the_community_teams_types_are_offered_to_staff_only(client, member, django_user_model):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert 'name="groups.join_requested"' in html
    assert 'name="groups.founding_submitted"' not in html
    assert 'name="recruitment.application_submitted"' not in html

    staff = django_user_model.objects.create_user(email="team@example.com", password="x", is_staff=True)
    client.force_login(staff)
    html = client.get(URL).content.decode()
    assert 'name="groups.founding_submitted"' in html and 'name="recruitment.application_submitted"' in html
