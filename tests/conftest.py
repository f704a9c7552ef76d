"""Fixtures shared by every test: members, staff, a logged-in client, in-memory images, the home page and the index
pages setup_site makes, staff of each kind and leaders made the way the site makes them."""

import io
import random
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis.configuration import set_hypothesis_home_dir
from PIL import Image

from courses.models import CourseIndexPage
from portal.groups import services as group_services
from portal.groups.models import Membership
from portal.groups.services import leaders
from recruitment.models import RecruitmentIndexPage
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory, UserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.utils import closed_port
from website.core import cache_backends
from website.core.permissions import COMMUNITY_TEAM, EDITORS
from website.featured.models import FeaturedGroupIndexPage
from website.guides.models import LeaderGuideIndexPage
from website.home.models import HomePage
from website.showcases.models import ShowcaseIndexPage

# Hypothesis keeps its caches outside the working tree (property tests also pass database=None).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "community-ops-hypothesis")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Fragment caches and allauth's rate-limit counters live in the cache; every test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in the thread (LocaleMiddleware never resets it),
    so a test that visited /en/ would make the next test in the same process build English URLs and text."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads go to a temporary directory, never into the working tree's media/ or private_media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def verified_member(db):
    """Factory fixture: `verified_member(email="a@example.com", display_name="阿明")`, a member who can sign in."""

    def make(**kwargs):
        return UserFactory(verified=True, **kwargs)

    return make


@pytest.fixture
def member(verified_member):
    """A member with a verified e-mail address and DEFAULT_PASSWORD."""
    return verified_member(email="member@example.com", display_name="小林")


@pytest.fixture
def unverified_member(db):
    return UserFactory(email="pending@example.com", display_name="待验证")


@pytest.fixture
def staff_user(db):
    """A staff editor in the "Editors" group with a verified address."""
    return StaffUserFactory(email="editor@example.com", display_name="编辑老王")


@pytest.fixture
def client_logged_in(client, member):
    """The test client signed in as `member`."""
    client.force_login(member)
    return client


@pytest.fixture
def png_bytes():
    """Factory fixture: `png_bytes((w, h), noisy=False)` returns the bytes of a PNG drawn in memory.

    A solid image compresses to almost nothing, so a huge-dimension one stays a tiny file (drawn in palette mode,
    which encodes fastest); `noisy=True` makes random RGB pixels that do not compress, for files over a size limit.
    """

    def make(size=(32, 32), noisy=False):
        if noisy:
            rng = random.Random(size[0] * 7919 + size[1])
            image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
        elif size[0] * size[1] > 1_000_000:
            image = Image.new("P", size, 3)
        else:
            image = Image.new("RGB", size, (200, 80, 40))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    return make


@pytest.fixture
def home_page(db):
    """The HomePage setup_site made the default site's root (after migrate, and again after every flush)."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def redis_down(settings):
    """The default cache is the fail-soft Redis backend at a port where nothing answers (outage tests)."""
    cache_backends._outages.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "website.core.cache_backends.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "degrade-test",
        }
    }
    yield
    cache_backends._outages.clear()


@pytest.fixture
def course_index(db):
    return CourseIndexPage.objects.get()


@pytest.fixture
def call_index(db):
    return RecruitmentIndexPage.objects.get()


@pytest.fixture
def showcase_index(db):
    return ShowcaseIndexPage.objects.get()


@pytest.fixture
def guide_index(db):
    return LeaderGuideIndexPage.objects.get()


@pytest.fixture
def featured_index(db):
    return FeaturedGroupIndexPage.objects.get()


@pytest.fixture
def editor(db):
    return StaffUserFactory(email="editor1@example.com", display_name="编辑小艾", groups=[EDITORS])


@pytest.fixture
def team_member(db):
    """A member of the community team (运营团队), staff but not an Editor."""
    return StaffUserFactory(email="team@example.com", display_name="运营阿泽", groups=[COMMUNITY_TEAM])


@pytest.fixture
def make_leader(db):
    """Factory fixture: the leader of a fresh group, put in the Leaders group the way the group services do."""

    def make(**kwargs):
        member = MemberFactory(**kwargs)
        CommunityGroupFactory(leader=member)
        leaders.sync_leader_group(member)
        return member

    return make


@pytest.fixture
def co_leader(db):
    """A member made co-leader of a group by its leader through the group services."""
    leader = MemberFactory(display_name="组长老周")
    group = CommunityGroupFactory(leader=leader)
    member = MembershipFactory(group=group, member=MemberFactory(display_name="副组长小雨")).member
    actor = Membership.objects.get(group=group, member=leader)
    group_services.set_role(group, actor, member.pk, Membership.Role.CO_LEADER)
    return member
