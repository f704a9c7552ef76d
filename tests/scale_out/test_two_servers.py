"""Two app servers are one site: a member's journey, an editor's publish, a rate limit and the e-mail queue, each
crossing from server A to server B and back over the one PostgreSQL database and the one Redis.

Run by `make test-scale-out` (kept out of `make test`: it starts gunicorn twice and takes a minute or two).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.groups.models import ActivityRSVP, Membership
from portal.points import services as points
from portal.points.models import Redemption, Reward
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory
from website.core.email import deliver_email
from website.core.permissions import COMMUNITY_TEAM
from website.core.ratelimit import DEFAULT_RATES
from website.home.models import HomePage, StandardPage

from .cluster import DB_BACKEND
from .conftest import can_sign_in
from .mailbox import read_mailbox, text_of

# Two processes share neither a SQLite file's locks nor a local-memory cache.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not settings.REDIS_URL,
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL): run it with make test-scale-out",
)

CONFIRMATION = re.compile(r"https?://[^/\s]+(?P<path>/(?:en/)?accounts/confirm-email/[^/\s]+/)")


def sign_in(visitor, server, user):
    visitor.get(server, "/accounts/login/")
    answer = visitor.post(server, "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert answer.status_code == 302, answer.text[:2000]


def mail_to(cluster, address):
    return [message for message in read_mailbox(cluster.mail_dir) if address in str(message["To"])]


def test_a_member_signs_up_confirms_joins_rsvps_and_redeems_across_both_servers(cluster, browser):
    leader = MemberFactory(display_name="组长阿青")
    group = CommunityGroupFactory(name="城西周末读书会", leader=leader)
    activity = ActivityFactory(group=group, title="周六共读")
    reward = Reward.objects.create(name="社群帆布袋", description="印着社群标志", cost=30, stock=3)
    staff = StaffUserFactory(groups=[COMMUNITY_TEAM])
    a, b = cluster.a, cluster.b
    me = browser()

    # Sign up on A; the confirmation e-mail is sent by a task worker when a queue is in use.
    me.get(a, "/accounts/signup/")
    answer = me.post(
        a,
        "/accounts/signup/",
        {"email": "river@example.com", "display_name": "河边", "password1": DEFAULT_PASSWORD,
         "password2": DEFAULT_PASSWORD},
    )  # fmt: skip
    assert answer.status_code == 302, answer.text[:2000]
    if cluster.queued:
        assert not mail_to(cluster, "river@example.com"), "sent in the request, not by a worker"
    cluster.run_workers(count=1)
    (message,) = mail_to(cluster, "river@example.com")
    link = CONFIRMATION.search(text_of(message))
    assert link, text_of(message)

    # Confirm on B, from another device (the link opened on a phone).
    phone = browser()
    assert phone.get(b, link["path"]).status_code == 200
    assert phone.post(b, link["path"]).status_code == 302
    assert EmailAddress.objects.get(email="river@example.com").verified

    # Sign in on A; the session cookie A set is good on B.
    me.get(a, "/accounts/login/")
    assert (
        me.post(a, "/accounts/login/", {"login": "river@example.com", "password": DEFAULT_PASSWORD}).status_code == 302
    )
    for server in (a, b):
        page = me.get(server, reverse("accounts:dashboard"))
        assert page.status_code == 200 and "河边" in page.text, server.name

    # Join the group on B, RSVP on A.
    answer = me.post(b, reverse("groups:join", kwargs={"slug": group.slug}))
    assert answer.status_code == 302
    member = Membership.objects.get(group=group, member__email="river@example.com", state=Membership.State.ACTIVE)
    answer = me.post(a, reverse("groups:activity_rsvp", kwargs={"slug": group.slug, "pk": activity.pk}))
    assert answer.status_code == 302
    assert ActivityRSVP.objects.filter(activity=activity, member=member.member).exists()

    # Redeem on B with points granted by the community team.
    points.adjust(member.member, 50, reason="活动志愿者", actor=staff)
    balance = points.balance_of(member.member).balance
    answer = me.post(
        b,
        reverse("points:redeem", kwargs={"pk": reward.pk}),
        {"recipient_name": "河边", "phone": "138 0000 0000", "address": "杭州市西湖区文三路 1 号"},
    )
    assert answer.status_code == 302 and answer.headers["Location"].endswith(reverse("points:mine"))
    assert Redemption.objects.filter(member=member.member, reward=reward).count() == 1
    assert points.balance_of(member.member).balance == balance - reward.cost
    page = me.get(a, reverse("points:mine"))
    assert page.status_code == 200 and reward.name in page.text


def test_a_page_published_on_a_is_served_fresh_by_b_at_once(cluster, browser):
    home = HomePage.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title="关于我们", slug="about-us", intro="我们是一群爱读书的人。"))
    editor = can_sign_in(StaffUserFactory(display_name="编辑小周"))
    a, b = cluster.a, cluster.b
    visitor = browser()

    # An anonymous visit on A fills the shared page cache; B answers the next one from it.
    first = visitor.get(a, page.url)
    assert first.status_code == 200 and "爱读书的人" in first.text
    assert first.headers.get("X-Page-Cache") == "miss"
    assert not visitor.has_session()
    second = visitor.get(b, page.url)
    assert second.headers.get("X-Page-Cache") == "hit" and "爱读书的人" in second.text

    # The editor publishes a new introduction through the admin on A.
    desk = browser()
    sign_in(desk, a, editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert desk.get(a, edit).status_code == 200
    form = nested_form_data(
        {
            "title": "关于我们",
            "slug": "about-us",
            "intro": "我们每周六在湖边读书。",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    answer = desk.post(a, edit, form)
    assert answer.status_code == 302, answer.text[:3000]
    assert StandardPage.objects.get(pk=page.pk).intro == "我们每周六在湖边读书。"

    # B's very next anonymous answer is the published one.
    fresh = visitor.get(b, page.url)
    assert fresh.status_code == 200
    assert "每周六在湖边读书" in fresh.text and "爱读书的人" not in fresh.text


def test_wrong_check_in_codes_are_counted_across_both_servers(cluster, browser):
    member = can_sign_in(MemberFactory(display_name="老会员"))
    group = CommunityGroupFactory(name="晨跑团", leader=MemberFactory())
    activity = ActivityFactory(group=group, title="周日晨跑")
    a, b = cluster.a, cluster.b
    visitor = browser()
    sign_in(visitor, a, member)
    check_in = reverse("groups:activity_check_in", kwargs={"slug": group.slug, "pk": activity.pk})
    limit = int(DEFAULT_RATES["check_in_failed"].split("/")[0])  # wrong codes per member and activity

    # Half the wrong codes on each server: neither alone has seen the limit, together they have.
    for attempt in range(limit):
        server = (a, b)[attempt % 2]
        assert visitor.post(server, check_in, {"code": f"ZZ{attempt:04d}"}).status_code == 302, server.name
    for server in (a, b):
        assert visitor.post(server, check_in, {"code": "ZZ9999"}).status_code == 429, server.name


def test_two_workers_over_one_queue_send_each_email_once(cluster, settings):
    """Forty e-mails queued at once (and whatever the other tests left queued), two workers started side by side:
    every message is in the mailbox exactly once."""
    if not cluster.queued:
        pytest.skip("the database task queue (django_tasks_db) is not installed: tasks run in the request")
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": DB_BACKEND}}
    count = 40
    for n in range(count):
        deliver_email.enqueue(f"scale-out {n}", "队列里的一封信", f"queue{n}@example.com")
    assert not [m for m in read_mailbox(cluster.mail_dir) if str(m["Subject"]).startswith("scale-out ")]

    cluster.run_workers(count=2)
    messages = read_mailbox(cluster.mail_dir)
    subjects = [str(message["Subject"]) for message in messages if str(message["Subject"]).startswith("scale-out ")]
    assert sorted(subjects) == sorted(f"scale-out {n}" for n in range(count))
    ids = [message["Message-ID"] for message in messages]
    assert len(ids) == len(set(ids))
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
