"""Each app's receivers live in its signals.py, imported once by its AppConfig.ready: a change triggers each of
them exactly once, never twice (a module connected both by import and by hand) and never not at all."""

import weakref
from collections import Counter

import pytest
from allauth.account.signals import email_confirmed, user_logged_in, user_signed_up
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

import courses.signals
import portal.groups.signals
import portal.points.services
import recruitment.signals
import website.core.signals
import website.showcases.signals
from courses.models import Enrolment
from portal.accounts.signals import record_referral, remember_language
from portal.groups.signals import group_shown_changed, stage_changed
from portal.points.models import Level, PointRule
from portal.points.signals import award_email_verified, award_profile_completed
from recruitment.models import Application
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import CoursePageFactory, EntryFactory, RecruitmentCallPageFactory
from website.core.models import SiteSettings
from website.featured.signals import featured_pages_of, unpublish_when_no_longer_core

pytestmark = pytest.mark.django_db

SIGNALS = {
    "post_save": post_save,
    "post_delete": post_delete,
    "post_migrate": post_migrate,
    "page_published": page_published,
    "page_unpublished": page_unpublished,
    "page_slug_changed": page_slug_changed,
    "post_page_move": post_page_move,
    "user_logged_in": user_logged_in,
    "user_signed_up": user_signed_up,
    "email_confirmed": email_confirmed,
    "stage_changed": stage_changed,
    "group_shown_changed": group_shown_changed,
}


def _receivers(signal):
    for (_key, sender), receiver, *_rest in signal.receivers:
        function = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        if function is not None:
            yield function, sender


def _identity(function):
    # purge_on_change connects a fresh closure per call: two calls for the same purge are the same receiver twice.
    cells = tuple(id(cell.cell_contents) for cell in function.__closure__ or ())
    return function.__code__, cells


@pytest.mark.parametrize("name", SIGNALS)
def test_no_receiver_is_connected_twice_to_the_same_signal_and_sender(name):
    counts = Counter((_identity(function), sender) for function, sender in _receivers(SIGNALS[name]))
    assert [key for key, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(
    ("signal", "function"),
    [
        (user_logged_in, remember_language),
        (email_confirmed, award_email_verified),
        (post_save, award_profile_completed),
        (stage_changed, unpublish_when_no_longer_core),
        (group_shown_changed, featured_pages_of),
        (stage_changed, portal.groups.signals.purge_on_stage_change),
        (user_signed_up, record_referral),
        (post_save, website.showcases.signals.reward_on_moderation),
    ],
    ids=lambda value: getattr(value, "__qualname__", "signal"),
)
def test_each_receiver_is_connected_once_by_its_apps_ready(signal, function):
    assert [found for found, _sender in _receivers(signal) if found is function] == [function]


def _count(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs))
    return calls


def test_saving_a_point_rule_or_a_level_drops_the_cached_copy_once(monkeypatch):
    rules = _count(monkeypatch, portal.points.services, "forget_rules")
    levels = _count(monkeypatch, portal.points.services, "forget_levels")
    rule = PointRule.objects.first()
    rule.save()
    Level.objects.create(name="测试等级", min_points=12345)
    assert (len(rules), len(levels)) == (1, 1)


def test_saving_a_group_purges_its_pages_once(monkeypatch):
    group = CommunityGroupFactory()
    purges = _count(monkeypatch, portal.groups.signals, "purge_paths")
    group.save()
    assert len(purges) == 1


def test_a_stage_change_purges_the_groups_pages_once(monkeypatch):
    group = CommunityGroupFactory()
    purges = _count(monkeypatch, portal.groups.signals, "purge_paths")
    stage_changed.send(sender=type(group), group=group, from_stage="new", to_stage="growing")
    assert len(purges) == 1


def test_saving_an_activity_purges_its_pages_once(monkeypatch):
    activity = ActivityFactory()
    purges = _count(monkeypatch, portal.groups.signals, "purge_paths")
    activity.save()
    assert len(purges) == 1


def test_an_enrolment_purges_its_course_once(monkeypatch):
    course = CoursePageFactory()
    purges = _count(monkeypatch, courses.signals, "purge_pages")
    Enrolment.objects.create(course=course, member=MemberFactory())
    assert len(purges) == 1


def test_an_application_purges_its_call_once(monkeypatch):
    call = RecruitmentCallPageFactory()
    purges = _count(monkeypatch, recruitment.signals, "purge_pages")
    Application.objects.create(call=call, member=MemberFactory(), answers=[])
    assert len(purges) == 1


def test_saving_a_showcase_entry_rewards_and_purges_once(monkeypatch):
    entry = EntryFactory()
    rewards = _count(monkeypatch, website.showcases.signals, "reward_moderation")
    purges = _count(monkeypatch, website.showcases.signals, "purge_paths")
    entry.save()
    assert (len(rewards), len(purges)) == (1, 1)


def test_changing_the_site_settings_bumps_the_fragment_version_once(monkeypatch):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    bumps = _count(monkeypatch, website.core.signals, "bump_fragment_version")
    settings.save()
    assert len(bumps) == 1
