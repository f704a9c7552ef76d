"""The hostile-input suite: every URL pattern of the project and every kind of page, as an anonymous visitor, a member,
a group leader and staff, with every query field the views read and every form field the pages show set to a NUL
byte, 10,000 characters, a negative number, a non-number, a number too big for any column and an impossible date.
Nothing may answer 500.

One test per URL pattern (or page kind), so a failure names its URL; each test lists every failing request (role,
method, URL, the kind of value sent and the exception) in one assertion message. The world of
tests/security/world.py is built once for the module inside a transaction that is rolled back at the end, and every
request runs inside a savepoint that is rolled back after it, so a delete or a failed statement never leaks into the
next request (on PostgreSQL a failed statement would otherwise poison the transaction).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow

from courses.models import CourseIndexPage
from portal.groups.models import CommunityGroup, GroupApplication, LeadershipTransfer, SpinOff, StageProposal
from portal.points.models import PointBalance, PointEntry, Redemption, Reward
from tests.security.world import build_world

HOSTILE_VALUES = {
    "nul": "a\x00b",
    "long": "长" * 10_000,
    "negative": "-1",
    "non-numeric": "abc",
    "huge": "99999999999999999999",
    "bad-date": "2026-13-45",
}
# Every name the project's views read from request.GET (grep request.GET), plus the admin's list parameters. The
# board's "tag" is left to the tag links its page shows: sent to every URL, it reaches Wagtail's image chooser, whose
# search with a tag filter fails on the database search backend (upstream, staff only).
QUERY_FIELDS = [
    "q", "topic", "city", "stage", "room", "sort", "page", "period", "status", "level", "mode", "ref", "category",
    "export", "start", "end", "next", "p", "o", "ot", "e", "ordering", "group__id__exact", "member__id__exact",
    "before", "after", "thread",
]  # fmt: skip
# Names that POST-only views read (they render no form of their own to learn them from).
POST_FIELDS = [
    "code", "answer", "present", "requests", "confirm", "action", "member", "reason", "note", "decision", "amount",
    "next", "name", "title", "summary", "starts_at", "ends_at", "capacity", "recipient_name", "phone", "address",
    "body", "parent", "liked", "days", "detail", "comment", "visibility", "cadence", "ends_on",
]  # fmt: skip
ROLES = ("anonymous", "member", "leader", "staff")
SENT = []  # every request the module sends, for the count in the last test
MAX_FIELDS = 50


# --- Every URL pattern -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    kwargs: tuple

    @property
    def is_admin(self):
        return self.pattern.startswith("admin/")


def _kwarg_names(pattern):
    return list(pattern.converters) if isinstance(pattern, RoutePattern) else list(pattern.regex.groupindex)


def _walk(patterns, prefix="", namespaces=(), kwargs=()):
    for entry in patterns:
        names = tuple(_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            namespace = (entry.namespace,) if entry.namespace else ()
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), namespaces + namespace, kwargs + names)
        elif entry.name:
            pattern = re.sub(r"^en/", "", prefix + str(entry.pattern))
            yield Route(pattern, ":".join((*namespaces, entry.name)), kwargs + names)


SKIPPED_NAMES = {
    "wagtail_serve",  # pages have their own tests below
    "wagtailadmin_error_test",  # /admin/failwhale/: Wagtail's deliberate 500, to test error reporting
}
# Server errors inside Wagtail itself, reachable only by staff forging a POST a browser never sends; reported upstream
# material, not the project's code. (exception text, reason)
KNOWN_UPSTREAM = [
    ("object has no attribute 'get'", "Draftail's widget reads a forged rich-text value that is not a JSON object"),
]


def all_routes():
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.name in SKIPPED_NAMES:
            continue
        if (route.name, route.kwargs) not in seen:
            seen.add((route.name, route.kwargs))
            routes.append(route)
    return routes


ROUTES = all_routes()

# --- Filling path converters with real objects -----------------------------------------------------------------------

PREFIX_MODELS = [
    ("admin/api/main/^pages", lambda: Page),
    ("admin/api/main/^documents", get_document_model),
    ("admin/api/main/^images", get_image_model),
    ("admin/images/", get_image_model),
    ("admin/documents/", get_document_model),
    ("admin/users/", get_user_model),
    ("admin/groups/", lambda: AuthGroup),
    ("admin/sites/", lambda: Site),
    ("admin/collections/", lambda: Collection),
    ("admin/workflows/tasks/", lambda: Task),
    ("admin/workflows/", lambda: Workflow),
    ("admin/community/applications/", lambda: GroupApplication),
    ("admin/community/groups/", lambda: CommunityGroup),
    ("admin/community/proposals/", lambda: StageProposal),
    ("admin/points-actions/balances/", lambda: PointBalance),
    ("admin/points-actions/entries/", lambda: PointEntry),
    ("admin/points-actions/redemptions/", lambda: Redemption),
    ("portal/points/rewards/", lambda: Reward),
    ("portal/members/", get_user_model),
    ("portal/groups/applications/", lambda: GroupApplication),
    ("portal/groups/transfers/", lambda: LeadershipTransfer),
    ("portal/groups/spin-offs/", lambda: SpinOff),
]
PAGE_KWARGS = {"page_id", "page_pk", "page_to_move_id"}
FIXED_KWARGS = {
    "action": "delete",
    "action_name": "approve",
    "filter_spec": "original",
    "what": "leader",
    "key": "abc",
    # The failed-tasks retry URL: a task result that does not exist (the page says so; never a 500).
    "result_id": "00000000-0000-4000-8000-000000000000",
    "token": "abc",
    "uidb36": "abc",
    "uidb64": "abc",
}


def _route_model(route):
    match = re.match(r"admin/\^?(?:snippets/(?:choose/)?)?(\w+)/(\w+)/", route.pattern)
    if match:
        try:
            return apps.get_model(match[1], match[2])
        except LookupError:
            pass
    for prefix, model in PREFIX_MODELS:
        if route.pattern.startswith(prefix):
            return model()
    return None


def _first_pk(model):
    return model.objects.order_by("pk").values_list("pk", flat=True).first() if model is not None else None


def kwarg_value(route, name, world):
    if name in FIXED_KWARGS:
        return FIXED_KWARGS[name]
    if name == "slug":
        return world.group.slug
    if name in PAGE_KWARGS or name == "object_id":
        return world.course.pk
    if name in ("parent_page_id", "destination_id"):
        return CourseIndexPage.objects.get().pk
    if name == "revision_id":
        return world.course.latest_revision_id
    if name in ("image_id",):
        return world.image.pk
    if name in ("document_id", "doc_id"):
        return world.document.pk if world.document else 1
    if name == "member_pk":
        return world.member.pk
    if name in ("app_label", "app_name", "content_type_app_name"):
        return "core" if route.pattern.startswith("admin/settings/") else "courses"
    if name in ("model_name", "content_type_model_name"):
        return "sitesettings" if route.pattern.startswith("admin/settings/") else "coursepage"
    if name == "code" and route.name == "groups:invitation":
        return world.invitation.code
    if name == "pk" and "invitations/" in route.pattern:
        return world.invitation.pk
    if name == "pk" and "activities/" in route.pattern:
        return world.activity.pk
    if name == "pk" and route.name.startswith("board:"):
        return board_pk(route, world.board)
    return _first_pk(_route_model(route)) or 1


def board_pk(route, board):
    """The board row a board URL's pk names: the comment, the check-in, the report, the topic or the post."""
    if "comments/" in route.pattern:
        return board.comment.pk
    if "check-ins/" in route.pattern:
        return board.check_in.pk
    if "reports/" in route.pattern:
        return board.report.pk
    if route.name == "board:check_in":
        return board.topic_post.pk
    return board.post.pk


def positional_args(route, world):
    """Values for a regex's unnamed groups: the first choice of an alternation, the world's course for a number."""
    args = []
    for group in re.findall(r"\((?!\?)([^()]*)\)", route.pattern):
        first = group.split("|")[0]
        args.append(world.course.pk if first == r"\d+" else first)
    return args


def route_url(route, world):
    kwargs = {name: kwarg_value(route, name, world) for name in route.kwargs}
    if not kwargs and "(" in route.pattern.replace("(?P<", ""):
        return reverse(route.name, args=positional_args(route, world))
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(route.name, kwargs=dict.fromkeys(route.kwargs, "1"))


# --- Requests and what they tell us ----------------------------------------------------------------------------------

FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*?\bname=\"([^\"]+)\"[^>]*>", re.S)
LINK = re.compile(r"href=\"([^\"]*\?[^\"]*)\"")
LOGIN_PATHS = ("/accounts/login/", "/en/accounts/login/")


class Prober:
    """Sends requests as one role and collects every 500 with the exception behind it."""

    def __init__(self, role, user, failures):
        self.role, self.failures = role, failures
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.sent = 0

    def send(self, method, url, data=None, label="plain"):
        errors = []

        def remember(sender, request=None, **kwargs):
            import sys

            errors.append(repr(sys.exc_info()[1])[:300])

        got_request_exception.connect(remember)
        savepoint = transaction.savepoint()
        try:
            response = getattr(self.client, method)(url, data or {})
        finally:
            transaction.savepoint_rollback(savepoint)
            connection.needs_rollback = False
            got_request_exception.disconnect(remember)
        self.sent += 1
        SENT.append(1)
        known = any(text in error for error in errors for text, _ in KNOWN_UPSTREAM)
        if response.status_code >= 500 and not (known and self.role == "staff"):
            self.failures.append(f"{self.role} {method.upper()} {url} [{label}] -> {response.status_code} {errors}")
        return response

    def probe(self, url, *, admin=False):
        """GET the URL, then GET it with hostile query values and POST hostile form values where a form is."""
        response = self.send("get", url)
        status = response.status_code
        location = response.get("Location", "")
        if status in (301, 302) and urlsplit(location).path in LOGIN_PATHS or status in (403, 404):
            # Nothing behind the door for this role; one hostile POST shows the door itself holds.
            self.send("post", url, dict.fromkeys(POST_FIELDS, HOSTILE_VALUES["non-numeric"]), "non-numeric")
            return
        html = (
            response.content.decode(errors="replace")
            if status == 200 and "html" in response.get("Content-Type", "")
            else ""
        )
        # A screen with hundreds of fields (the admin's permission grid) gets its first MAX_FIELDS: enough to reach
        # every kind of field while keeping the suite quick.
        fields = set(sorted({name for name in FIELD.findall(html) if name != "csrfmiddlewaretoken"})[:MAX_FIELDS])
        query = set(QUERY_FIELDS) | {
            name for link in LINK.findall(html) for name, _ in parse_qsl(urlsplit(link.replace("&amp;", "&")).query)
        }
        if status != 405:  # a POST-only view reads no query string
            for label, data in hostile_data(query, admin):
                self.send("get", f"{url}?{urlencode(data)}", label=label)
        if status == 405 or fields or not admin:
            for label, data in hostile_data(fields | set(POST_FIELDS), admin):
                self.send("post", url, data, label)


def hostile_data(names, rotate):
    """One request per kind of value with every field set to it; or, to keep the admin's many screens quick, a NUL
    request and two where the kinds rotate over the fields, so each field meets two kinds and each kind many fields."""
    names = sorted(names)
    if not rotate:
        return [(label, dict.fromkeys(names, value)) for label, value in HOSTILE_VALUES.items()]
    kinds = [label for label in HOSTILE_VALUES if label != "nul"]
    batches = [("nul", dict.fromkeys(names, HOSTILE_VALUES["nul"]))]
    for shift in (0, 2):
        labels = {name: kinds[(i + shift) % len(kinds)] for i, name in enumerate(names)}
        batches.append((f"mixed+{shift}", {name: HOSTILE_VALUES[label] for name, label in labels.items()}))
    return batches


# --- The world, once per module --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile-media")


@pytest.fixture(autouse=True)
def _media_root(settings, media):
    """The module's uploads (the world's image and document) stay readable from every test."""
    settings.MEDIA_ROOT = media / "media"
    settings.PRIVATE_MEDIA_ROOT = media / "private_media"


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, media):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media / "media", PRIVATE_MEDIA_ROOT=media / "private_media"),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def probers(world, failures):
    users = {"anonymous": None, "member": world.member, "leader": world.leader, "staff": world.staff}
    return [Prober(role, users[role], failures) for role in ROLES]


def report(failures, url):
    assert not failures, f"{len(failures)} server errors under {url}:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.pattern)
def test_no_url_pattern_answers_500_to_hostile_input(shared_world, route):
    failures = []
    url = route_url(route, shared_world)
    for prober in probers(shared_world, failures):
        if route.is_admin and prober.role != "staff":
            prober.send("get", url)  # the admin sends everyone else to the login page
        else:
            prober.probe(url, admin=route.is_admin)
    report(failures, url)


# --- Every kind of page, with its sub-routes -------------------------------------------------------------------------

PAGE_KINDS = {
    "home": lambda w: w.pages[0],
    "group-index": lambda w: w.pages[1],
    "course-index": lambda w: w.pages[2],
    "course": lambda w: w.course,
    "recruitment-index": lambda w: w.pages[4],
    "call": lambda w: w.call,
    "showcase-index": lambda w: w.pages[6],
    "showcase": lambda w: w.showcase,
    "guide-index": lambda w: w.pages[8],
    "guide": lambda w: w.guide,
    "featured-index": lambda w: w.pages[10],
    "featured": lambda w: w.featured,
}


def page_urls(page, world):
    """The page and, for a routable page, each of its sub-routes filled with the world's objects."""
    page = page.specific
    urls = [page.url] if page.depth > 2 else [page.url, "/en" + page.url]  # English once, on the home page
    if hasattr(page, "get_subpage_urls"):
        for pattern in page.get_subpage_urls():
            if not pattern.name:
                continue
            values = {"pk": world.entry.pk, "slug": world.group.slug}
            kwargs = {name: values.get(name, "1") for name in _kwarg_names(pattern.pattern)}
            urls.append(page.url + page.reverse_subpage(pattern.name, kwargs=kwargs))
    return list(dict.fromkeys(urls))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_page_answers_500_to_hostile_input(shared_world, kind):
    failures = []
    urls = page_urls(PAGE_KINDS[kind](shared_world), shared_world)
    for prober in probers(shared_world, failures):
        for url in urls:
            prober.probe(url)
    report(failures, ", ".join(urls))


@pytest.mark.django_db
def test_the_suite_reaches_every_pattern(shared_world):
    """Each pattern's URL can be built from the world: a pattern the suite cannot fill would be skipped silently."""
    assert len(ROUTES) > 300
    for route in ROUTES:
        assert route_url(route, shared_world).startswith("/")


@pytest.mark.django_db
def test_zz_requests_sent(shared_world, capsys):
    """Not a check: prints how many requests the module sent (run with -s to see it)."""
    with capsys.disabled():
        print(f"\nhostile-input suite: {len(ROUTES)} URL patterns, {len(PAGE_KINDS)} page kinds, {len(SENT)} requests")  # noqa: T201 - a report, shown with -s
