"""The member model's own rules: e-mail identity, display name fallback, completeness and tidy interests."""

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.accounts.forms import ProfileForm
from portal.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_ignoring_case():
    UserFactory(email="same@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="Same@Example.com", password="x")


def test_user_without_email_cannot_be_created():
    with pytest.raises(ValueError):
        User.objects.create_user(email="", password="x")


def test_display_name_falls_back_to_the_member_number_never_the_address():
    nameless = UserFactory(email="lin.xiao@example.com", display_name="")
    assert "lin.xiao" not in nameless.get_display_name()
    assert f"#{nameless.pk}" in nameless.get_display_name()
    assert str(UserFactory.build(display_name="小林")) == "小林"


@pytest.mark.parametrize(
    ("filled", "percent"),
    [({}, 0), ({"display_name": "小林"}, 20), ({"display_name": "小林", "city": "杭州", "bio": "你好"}, 60)],
)
def test_profile_completeness_counts_filled_fields(filled, percent):
    user = UserFactory.build(**{"display_name": "", **filled})
    assert user.profile_completeness == percent


def test_new_members_profiles_are_for_members_only_by_default():
    assert UserFactory().profile_visibility == User.Visibility.MEMBERS


_tag = st.text(
    alphabet=st.characters(blacklist_characters=",，、", blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None, database=None)
@given(tags=st.lists(_tag, min_size=1, max_size=6), separators=st.lists(st.sampled_from([",", "，", "、", " , "])))
def test_interests_typed_with_any_separator_become_the_same_tags(tags, separators):
    raw = ""
    for index, tag in enumerate(tags):
        raw += tag if index == 0 else (separators[index % len(separators)] if separators else ",") + tag
    form = ProfileForm(data={"display_name": "x", "interests": raw, "profile_visibility": "members"})
    form.instance = User(email="tags@example.com")
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["interests"]
    assert [item.strip() for item in cleaned.split(",")] == [tag.strip() for tag in tags if tag.strip()]
    assert User(interests=raw).interest_list == [tag.strip() for tag in tags if tag.strip()]
