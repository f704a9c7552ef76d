"""The ledger's rules: awards happen once, caps and zero floors hold, reversals are one-way, entries never change."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from portal.points import services
from portal.points.models import AppendOnlyError, DailyTally, PointEntry
from tests.factories import StaffUserFactory
from tests.points.conftest import cached, days_ago, ledger_sum

pytestmark = pytest.mark.django_db


# --- award ----------------------------------------------------------------------------------------------------------


def test_award_happens_once_per_member_rule_and_source_however_often_it_fires(member, make_source):
    group = make_source()
    results = [services.award(member, "group_founded", group) for _ in range(5)]

    assert results[0] is not None
    assert results[1:] == [None] * 4
    entry = PointEntry.objects.get(member=member)
    assert (entry.amount, entry.kind, entry.rule.code, entry.source) == (50, "earn", "group_founded", group)
    assert cached(member) == (50, 50)


def test_the_same_rule_pays_again_for_another_source_or_another_member(member, verified_member, make_source):
    first, second = make_source(), make_source()
    friend = verified_member()

    assert services.award(member, "group_founded", first)
    assert services.award(member, "group_founded", second)
    assert services.award(friend, "group_founded", first)

    assert PointEntry.objects.filter(member=member).count() == 2
    assert cached(member) == (100, 100)
    assert cached(friend) == (50, 50)


def test_an_award_already_reversed_is_not_paid_again_when_its_trigger_fires(member, make_source):
    group = make_source()
    services.reverse(services.award(member, "group_founded", group), reason="误发")

    assert services.award(member, "group_founded", group) is None
    assert PointEntry.objects.filter(member=member, kind="earn").count() == 1
    assert cached(member) == (0, 0)


@pytest.mark.parametrize(
    "change",
    [{"active": False}, {"points": 0}],
    ids=["inactive rule", "rule worth zero points"],
)
def test_an_inactive_or_zero_point_rule_awards_nothing(member, make_source, set_rule, change):
    set_rule("group_founded", **change)

    assert services.award(member, "group_founded", make_source()) is None
    assert not PointEntry.objects.filter(member=member).exists()
    assert cached(member) == (0, 0)


def test_an_unknown_rule_code_awards_nothing(member, make_source):
    assert services.award(member, "no_such_rule", make_source()) is None
    assert not PointEntry.objects.exists()


def test_a_changed_amount_applies_to_the_next_award(member, make_source, set_rule):
    set_rule("group_founded", points=80)

    assert services.award(member, "group_founded", make_source()).amount == 80
    assert cached(member) == (80, 80)


def test_a_source_may_set_its_own_amount_but_the_rule_still_decides(member, make_source, set_rule):
    assert services.award(member, "group_founded", make_source(), amount=35).amount == 35
    assert services.award(member, "group_founded", make_source(), amount=0) is None
    set_rule("group_founded", active=False)
    assert services.award(member, "group_founded", make_source(), amount=35) is None
    assert cached(member) == (35, 35)


def test_daily_cap_limits_how_often_a_member_earns_a_rule_per_day(member, verified_member, make_source):
    # group_joined: 5 points, at most 5 times a day.
    yesterday = [services.award(member, "group_joined", make_source(), at=days_ago(1)) for _ in range(6)]
    assert [entry is not None for entry in yesterday] == [True] * 5 + [False]

    # A new day opens the cap again, and one member's cap is not another's.
    assert services.award(member, "group_joined", make_source()) is not None
    assert services.award(verified_member(), "group_joined", make_source(), at=days_ago(1)) is not None

    assert PointEntry.objects.filter(member=member).count() == 6
    assert cached(member) == (30, 30)
    tallies = dict(DailyTally.objects.filter(member=member).values_list("date", "earned"))
    assert tallies == {days_ago(1).date(): 25, days_ago(0).date(): 5}


def test_the_daily_cap_of_a_back_dated_award_counts_only_that_days_awards(member, make_source):
    """Demo data and imports award with `at=`; today's awards must not use up the cap of an earlier day."""
    for _ in range(5):
        services.award(member, "group_joined", make_source())

    assert services.award(member, "group_joined", make_source(), at=days_ago(2)) is not None
    assert cached(member) == (30, 30)


# --- spend ----------------------------------------------------------------------------------------------------------


def test_spending_never_takes_a_balance_below_zero(member, grant):
    grant(member, 10)

    with pytest.raises(services.PointsError):
        services.spend(member, 11, note="太贵了")
    assert cached(member) == (10, 10)
    assert PointEntry.objects.filter(member=member, kind="spend").count() == 0

    services.spend(member, 10, note="刚好够")
    assert cached(member) == (0, 10)  # spending does not lower lifetime points
    with pytest.raises(services.PointsError):
        services.spend(member, 1)
    assert cached(member) == (0, 10)


@pytest.mark.parametrize("amount", [0, -5])
def test_spending_needs_a_positive_amount(member, grant, amount):
    grant(member, 10)
    with pytest.raises(ValueError):
        services.spend(member, amount)
    assert cached(member) == (10, 10)


def test_a_member_without_any_points_cannot_spend(member):
    with pytest.raises(services.PointsError):
        services.spend(member, 1)
    assert not PointEntry.objects.filter(member=member).exists()


# --- adjust ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_staff_adjustment_needs_a_reason(member, team_member, reason):
    with pytest.raises(services.PointsError):
        services.adjust(member, 20, reason=reason, actor=team_member)
    assert not PointEntry.objects.filter(member=member).exists()


def test_a_staff_adjustment_needs_a_non_zero_amount(member, team_member):
    with pytest.raises(services.PointsError):
        services.adjust(member, 0, reason="无事发生", actor=team_member)
    assert not PointEntry.objects.filter(member=member).exists()


def test_a_staff_adjustment_records_who_and_why_and_never_goes_below_zero(member, team_member):
    grant = services.adjust(member, 40, reason="  线下活动志愿者  ", actor=team_member)
    assert (grant.kind, grant.amount, grant.note, grant.created_by) == ("adjust", 40, "线下活动志愿者", team_member)
    assert cached(member) == (40, 40)

    with pytest.raises(services.PointsError):
        services.adjust(member, -41, reason="扣多了", actor=team_member)
    assert cached(member) == (40, 40)

    services.adjust(member, -15, reason="重复发放，更正", actor=team_member)
    assert cached(member) == (25, 25)  # a correction lowers lifetime points too


# --- reverse --------------------------------------------------------------------------------------------------------


def test_an_entry_is_reversed_once_with_an_opposite_entry(member, make_source, team_member):
    group = make_source()
    earned = services.award(member, "group_founded", group)

    reversal = services.reverse(earned, actor=team_member, reason="社群未真正成立")

    assert (reversal.kind, reversal.amount, reversal.reverses, reversal.created_by) == (
        "reversal",
        -50,
        earned,
        team_member,
    )
    assert (reversal.rule_id, reversal.source) == (earned.rule_id, group)
    assert reversal.note == "社群未真正成立"
    assert cached(member) == (0, 0)

    with pytest.raises(services.PointsError):
        services.reverse(earned, actor=team_member, reason="再来一次")
    assert PointEntry.objects.filter(member=member).count() == 2
    assert cached(member) == (0, 0)


def test_a_reversal_cannot_itself_be_reversed(member, grant, team_member):
    reversal = services.reverse(grant(member, 30), actor=team_member, reason="发错人")

    with pytest.raises(services.PointsError):
        services.reverse(reversal, actor=team_member, reason="又发对了")
    assert PointEntry.objects.filter(member=member).count() == 2
    assert cached(member) == (0, 0)


def test_a_reversal_is_refused_when_the_points_are_already_spent(member, make_source, team_member):
    earned = services.award(member, "group_founded", make_source())
    services.spend(member, 30, note="兑换")

    with pytest.raises(services.PointsError):
        services.reverse(earned, actor=team_member, reason="撤销")
    assert cached(member) == (20, 50)
    assert not PointEntry.objects.filter(kind="reversal").exists()


def test_reversing_a_spend_gives_the_points_back_without_touching_lifetime(member, grant, team_member):
    grant(member, 30)
    spent = services.spend(member, 20)

    services.reverse(spent, actor=team_member, reason="误扣")

    assert cached(member) == (30, 30)
    assert ledger_sum(member) == 30


def test_reversing_an_award_takes_it_off_the_day_it_was_reversed(member, make_source, team_member):
    services.reverse(services.award(member, "group_founded", make_source(), at=days_ago(3)), actor=team_member)

    tallies = dict(DailyTally.objects.filter(member=member).values_list("date", "earned"))
    assert tallies == {days_ago(3).date(): 50, days_ago(0).date(): -50}


# --- append-only ----------------------------------------------------------------------------------------------------


def test_a_saved_entry_cannot_be_changed(member, grant):
    entry = grant(member, 30)
    entry.amount = 3000
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.save(update_fields=["amount"])

    assert PointEntry.objects.get(pk=entry.pk).amount == 30


def test_a_saved_entry_cannot_be_deleted(member, grant):
    entry = grant(member, 30)
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert PointEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_updates_and_deletes_of_entries_are_refused(member, grant):
    entry = grant(member, 30)

    with pytest.raises(AppendOnlyError):
        PointEntry.objects.filter(pk=entry.pk).update(amount=3000)
    with pytest.raises(AppendOnlyError):
        PointEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        PointEntry.objects.filter(member=member).delete()
    entry.amount = 3000
    # bulk_update runs in an atomic block without a savepoint; ours keeps the test's transaction usable.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        PointEntry.objects.bulk_update([entry], ["amount"])

    assert list(PointEntry.objects.values_list("pk", "amount")) == [(entry.pk, 30)]


def test_deleting_a_member_does_not_take_their_ledger_with_them(member, grant):
    grant(member, 30)
    with pytest.raises(ProtectedError):
        member.delete()
    assert PointEntry.objects.filter(member=member).count() == 1


# --- no admin path edits or deletes entries -------------------------------------------------------------------------

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture(params=["community team", "superuser"])
def admin_user(request, team_member):
    if request.param == "superuser":
        return StaffUserFactory(email="root@example.com", is_superuser=True)
    return team_member


def _refused(response):
    """Wagtail answers a refused admin view with a redirect to the admin home (a plain 403 for XHR requests)."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_no_admin_screen_edits_or_deletes_a_ledger_entry(client, admin_user, member, grant, action):
    entry = grant(member, 30)
    client.force_login(admin_user)
    url = reverse(f"points_pointentry_modeladmin_{action}", args=[entry.pk])

    assert _refused(client.get(url))
    assert client.get(url, **XHR).status_code == 403
    post = {"amount": 3000, "kind": "earn", "note": "改一下", "member": member.pk}
    assert _refused(client.post(url, post))
    assert client.post(url, post, **XHR).status_code == 403

    assert list(PointEntry.objects.values_list("pk", "amount", "note")) == [(entry.pk, 30, "活动奖励")]


def test_no_admin_screen_creates_ledger_entries(client, admin_user, member):
    client.force_login(admin_user)
    url = reverse("points_pointentry_modeladmin_create")

    assert _refused(client.get(url))
    assert client.get(url, **XHR).status_code == 403
    assert _refused(client.post(url, {"member": member.pk, "amount": 500, "kind": "adjust", "note": "后门"}))
    assert not PointEntry.objects.exists()


def test_the_ledger_screen_lists_entries_without_edit_or_delete_buttons(client, team_member, member, grant):
    entry = grant(member, 30)
    client.force_login(team_member)

    response = client.get(reverse("points_pointentry_modeladmin_index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert member.get_display_name() in page
    assert reverse("points_pointentry_modeladmin_edit", args=[entry.pk]) not in page
    assert reverse("points_pointentry_modeladmin_delete", args=[entry.pk]) not in page
    assert reverse("points_pointentry_modeladmin_create") not in page
    assert reverse("points_admin:reverse", args=[entry.pk]) in page
