"""The insights dashboard in the Wagtail admin: who may read it, what it shows, its CSV exports, its query count."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.groups.models import CommunityGroup, StageChange
from tests.groups.factories import CommunityGroupFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago, tally
from tests.insights.conftest import END, SPAN

URL = "/admin/insights/"
RANGE = {"start": SPAN.start.isoformat(), "end": END.isoformat()}
EXPORTS = {
    "funnel": 2,
    "new-members": 2,
    "weekly-active": 2,
    "retention": 14,
    "top-activities": 3,
    "top-points": 2,
    "stage-changes": 5,
}


def test_the_url_is_the_registered_admin_view():
    assert reverse("insights_dashboard") == URL


def test_the_dashboard_renders_for_the_community_team(client, team_member, programme):
    client.force_login(team_member)

    response = client.get(URL, RANGE)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "insights/dashboard.html"
    assert response.context["figures"] == {
        "covered": 6,
        "active_7d": 1,
        "active_28d": 4,
        "with_activity": 2,
        "active_groups": 3,
        "with_activity_share": 67,
        "churned": 1,
        "ever_active": 5,
        "churn_share": 20,
        "churn_gap": 76,
    }
    html = response.content.decode()
    assert "<svg" in html  # charts drawn on the server
    assert "G1 园林读书会" in html  # top groups and the stage change


def test_the_default_range_is_the_last_twelve_weeks(client, team_member):
    client.force_login(team_member)

    span = client.get(URL).context["span"]

    assert span.end == timezone.localdate()
    assert span.start.weekday() == 0
    assert (span.end - span.start).days < 12 * 7


def test_an_inverted_range_is_refused_and_a_future_end_is_clamped(client, team_member):
    client.force_login(team_member)

    inverted = client.get(URL, {"start": "2025-06-29", "end": "2025-05-01"})
    future = client.get(URL, {"start": "2025-06-01", "end": (timezone.localdate() + timedelta(days=30)).isoformat()})

    assert inverted.status_code == 200
    assert inverted.context["form"].non_field_errors()
    assert future.context["span"].end == timezone.localdate()


def test_a_plain_member_is_sent_away(client, plain_member, programme):
    client.force_login(plain_member)

    response = client.get(URL, RANGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_editors_only_staff_user_is_refused(client, editor, programme):
    client.force_login(editor)

    page = client.get(URL, RANGE)
    export = client.get(URL, {**RANGE, "export": "top-points"})

    for response in (page, export):
        assert response.status_code in (302, 403)
        assert "text/csv" not in response.get("Content-Type", "")
        assert response.get("Location", "") != URL
    assert page.status_code == 403 or page["Location"] == reverse("wagtailadmin_home")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_menu_offers_insights_to_the_community_team_only(client, team_member, editor):
    client.force_login(team_member)
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(editor)
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def read_csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize(("table", "columns"), EXPORTS.items(), ids=list(EXPORTS))
def test_each_table_downloads_as_csv_with_a_header_row(client, team_member, programme, table, columns):
    client.force_login(team_member)

    response = client.get(URL, {**RANGE, "export": table})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="insights-{table}.csv"'
    rows = read_csv(response)
    assert len(rows[0]) == columns
    assert all(cell.strip() for cell in rows[0])
    assert len(rows) >= 2


def test_the_csv_rows_hold_the_same_numbers(client, team_member, programme):
    client.force_login(team_member)

    def rows(table):
        return read_csv(client.get(URL, {**RANGE, "export": table}))[1:]

    assert rows("new-members") == [
        ["2025-05-26", "2"],
        ["2025-06-02", "0"],
        ["2025-06-09", "1"],
        ["2025-06-16", "0"],
        ["2025-06-23", "1"],
    ]
    assert [row[1] for row in rows("weekly-active")] == ["1", "0", "2", "1", "1"]
    assert rows("retention")[0] == ["2025-05-26", "2", "50%", "0%", "50%", "0%", "0%"]
    assert rows("top-activities") == [["G1 园林读书会", "2", "3"], ["G2 夜跑团", "1", "1"]]
    assert rows("top-points") == [["G1 园林读书会", "20"], ["G4 新手村", "0"]]
    new, growing = CommunityGroup.Stage.NEW.label, CommunityGroup.Stage.GROWING.label
    with translation.override("zh-hans"):
        assert [row[1:4] for row in rows("stage-changes")] == [["G1 园林读书会", str(new), str(growing)]]
    assert [row[1] for row in rows("funnel")] == ["1", "1", "1"]


def test_an_unknown_export_renders_the_page(client, team_member):
    client.force_login(team_member)

    response = client.get(URL, {"export": "users"})

    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]


def test_script_in_a_group_name_renders_inert_on_the_dashboard(client, team_member):
    group = CommunityGroupFactory(name='<script>alert("x")</script>')
    StageChange.objects.create(group=group, from_stage="new", to_stage="growing")
    ActivityFactory(group=group, starts_at=days_ago(2))
    client.force_login(team_member)

    html = client.get(URL).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def busy_group(index):
    """A group with members, an activity attended, points and a stage change: rows in every table."""
    group = CommunityGroupFactory(name=f"忙碌社群{index}")
    members = [MembershipFactory(group=group).member for _ in range(3)]
    activity = ActivityFactory(group=group, starts_at=days_ago(3 + index % 20))
    for member in members[:2]:
        attend(activity, member)
    tally(members[2], timezone.localdate() - timedelta(days=index % 25), 5 + index)
    StageChange.objects.create(group=group, from_stage="new", to_stage="growing")
    return group


def dashboard_queries(client):
    for _ in range(2):  # warm: settings rows and site caches exist, as on any request after the first few
        client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_takes_the_same_number_of_queries_for_5_and_30_groups(client, team_member):
    client.force_login(team_member)
    for index in range(5):
        busy_group(index)
    at_5 = dashboard_queries(client)
    for index in range(5, 30):
        busy_group(index)
    at_30 = dashboard_queries(client)

    print(f"\ninsights dashboard queries: {at_5} with 5 groups, {at_30} with 30")  # noqa: T201 - a report, shown with -s
    assert at_5 == at_30


def test_the_dashboard_lists_daily_snapshots_in_the_range(client, team_member, programme):
    from django.core.management import call_command

    call_command("snapshot_insights", "--date", "2025-06-28", stdout=io.StringIO())
    client.force_login(team_member)

    response = client.get(URL, RANGE)

    assert [snapshot.date for snapshot in response.context["snapshots"]] == [date(2025, 6, 28)]
