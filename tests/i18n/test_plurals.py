"""Counts agree with their nouns: "1 member", never "1 members"."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = ["courses", "portal", "recruitment", "website"]
BLOCK = re.compile(r"{%\s*blocktranslate(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktranslate\s*%}", re.S)
# A number printed right before a plural noun: "{{ n }} members", "{{ count }} points".
COUNTED_NOUN = re.compile(r"{{\s*\w+\s*}}\s+(?:\w+\s+)?(members|points|minutes|days|places|seats|groups|entries)\b")


def test_every_counted_noun_in_a_template_has_a_singular_form():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in (ROOT / directory).rglob("*.html"):
            for block in BLOCK.finditer(path.read_text(encoding="utf-8")):
                if " count " not in f" {block['args']} " and COUNTED_NOUN.search(block["body"]):
                    offenders.append(f"{path.relative_to(ROOT)}: {block['body'].strip()[:80]}")
    assert not offenders, "Use {% blocktranslate count n=... %}...{% plural %}...:\n" + "\n".join(offenders)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "expected"), [(1, "Its 1 member keeps their membership"), (2, "Its 2 members keep")]
)
def test_archive_screen_counts_members_in_english(client, members, expected):
    staff = StaffUserFactory(is_superuser=True, groups=[])
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    group = CommunityGroupFactory(members=members)
    client.force_login(staff)

    with translation.override("en"):
        html = client.get(f"/admin/community/groups/{group.pk}/archive/").content.decode()

    assert expected in html


@pytest.mark.django_db
def test_archive_screen_counts_members_in_chinese(client):
    staff = StaffUserFactory(is_superuser=True, groups=[])
    group = CommunityGroupFactory(name="周末读书会", members=1)
    client.force_login(staff)

    html = client.get(f"/admin/community/groups/{group.pk}/archive/").content.decode()

    assert "其 1 名成员仍保留成员身份" in html
