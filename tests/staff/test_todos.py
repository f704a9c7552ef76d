"""The staff home: the community team's queues on the admin dashboard, each a count and a link to the filtered list."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.insights.todos import TODOS
from tests.factories import StaffUserFactory
from tests.groups.factories import GroupApplicationFactory
from tests.groups.lifecycle.helpers import zh

pytestmark = pytest.mark.django_db

HOME = "/admin/"
TODO = re.compile(
    r'data-todo="(?P<key>[a-z_]+)">\s*<a class="staff-todos__link" href="(?P<href>[^"]+)">\s*'
    r'<span class="staff-todos__count">(?P<count>\d+)</span>\s*'
    r'<span class="staff-todos__label">(?P<label>[^<]*)</span>'
)


def todos_on(response):
    """{key: (count, link, label)} for each to-do card on the admin home, in page order."""
    html = response.content.decode()
    return {m["key"]: (int(m["count"]), unescape(m["href"]), m["label"].strip()) for m in TODO.finditer(html)}


def rows_behind(client, href):
    """How many rows the admin list behind a to-do's link holds."""
    response = client.get(href)
    assert response.status_code == 200, href
    context = response.context
    if "view" in context and hasattr(context["view"], "result_count"):  # wagtail-modeladmin
        return context["view"].result_count
    return context["page_obj"].paginator.count  # Wagtail's snippet listing


def test_the_community_team_sees_every_queue_with_a_count_and_a_link_to_the_filtered_list(client, team_member, queues):
    queues(2)
    client.force_login(team_member)

    todos = todos_on(client.get(HOME))

    assert list(todos) == [todo.key for todo in TODOS]  # all have work waiting, so in order of urgency
    for key, (count, href, label) in todos.items():
        assert count == 2, key
        assert rows_behind(client, href) == 2, key
        assert label == zh(str(next(t.label for t in TODOS if t.key == key)))


def test_a_clear_queue_says_nothing_is_waiting_and_comes_after_the_ones_with_work(client, team_member, queues):
    GroupApplicationFactory()
    client.force_login(team_member)

    todos = todos_on(client.get(HOME))

    assert next(iter(todos)) == "founding_applications"
    count, href, label = todos["redemptions"]
    assert count == 0
    assert label == zh("No redemptions are waiting to be fulfilled.")
    assert rows_behind(client, href) == 0


def test_the_todos_sit_above_wagtails_panels_and_replace_the_generic_page_counts(client, team_member):
    client.force_login(team_member)

    html = client.get(HOME).content.decode()

    assert 'id="staff-todos' in html
    assert "w-summary" not in html  # the site's page/image/document totals
    assert html.index("staff-todos") < html.index("</main>")


def test_an_editor_without_the_teams_rights_sees_only_the_queue_they_can_work(client, editor, queues):
    queues(1)
    client.force_login(editor)

    response = client.get(HOME)

    # Editors moderate showcase entries; founding applications, redemptions and the rest are not theirs.
    assert list(todos_on(response)) == ["showcase_entries"]


def test_staff_with_no_queue_keep_wagtails_dashboard_as_it_was(client, db):
    staff = StaffUserFactory(groups=[])
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(staff)

    html = client.get(HOME).content.decode()

    assert "staff-todos" not in html


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries]


def test_the_home_page_takes_the_same_number_of_queries_for_1_and_12_items_per_queue(client, team_member, queues):
    client.force_login(team_member)
    queues(1)
    client.get(HOME)  # publishing the fixtures' pages cleared cached site settings; the first visit refills them
    _response, few = home_queries(client)
    queues(11)
    client.get(HOME)

    response, many = home_queries(client)

    assert all(count == 12 for count, _href, _label in todos_on(response).values())
    assert len(many) == len(few), "\n".join(sorted(set(many) - set(few)))


def test_the_overdue_join_request_link_is_built_by_the_admin_url_names(team_member):
    # The link targets are the admin lists where the work is done, not hand-written paths.
    todo = next(todo for todo in TODOS if todo.key == "join_requests")
    assert todo.url_name == "groups_joinrequest_modeladmin_index"
    assert reverse(todo.url_name).startswith("/admin/")


def test_board_reports_count_each_reported_content_once_and_link_to_the_teams_queue(client, team_member, queues):
    """Content reported twice is one decision: the card counts it once, and the list behind it shows one row."""
    queues(3)
    client.force_login(team_member)

    count, href, label = todos_on(client.get(HOME))["board_reports"]

    assert (count, href) == (3, "/admin/board/report/")
    assert rows_behind(client, href) == 3
    assert label == "待社群运营团队处理的讨论区举报"
