"""Script, event-handler and javascript: payloads in every text field render inert; rich text is cleaned on save."""

from html.parser import HTMLParser

import pytest

from portal.groups.models import CommunityGroup
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    JoinRequestFactory,
    MemberFactory,
    MembershipFactory,
)
from website.core.sanitize import clean_member_input as clean_rich_text

SCRIPT = "<script>alert(1)</script>"
HANDLER = "<img src=x onerror=alert(2)>"
JS_LINK = '<a href="javascript:alert(3)">x</a>'
ATTRIBUTE_BREAK = '" onmouseover="alert(4)'
PAYLOADS = [SCRIPT, HANDLER, JS_LINK, ATTRIBUTE_BREAK]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


class _MarkupScanner(HTMLParser):
    """Collects what the browser would treat as live markup: elements, their attributes, script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.problems.append(f"<script>{data}</script>")


def assert_inert(html):
    """No payload survives as markup: no script element, no handler attribute, no javascript: URL."""
    scanner = _MarkupScanner()
    scanner.feed(html)
    scanner.close()
    assert scanner.problems == []
    assert "<script>alert(" not in html.lower()


@pytest.fixture
def evil_group(leader, topic):
    """A group whose every member-written text field carries a payload (within each field's length)."""
    return CommunityGroupFactory(
        name="<script>alert(1)</script>群",
        slug="evil",
        topic=topic,
        leader=leader,
        city="<img src=x onerror=alert(2)>",
        summary=" ".join(PAYLOADS),
        chat_instructions=" ".join(PAYLOADS),
        meeting_place=f"{SCRIPT} {HANDLER}",
        join_policy=CommunityGroup.JoinPolicy.APPROVAL,
        join_questions=[SCRIPT, HANDLER],
    )


@pytest.fixture
def evil_member(evil_group):
    member = MemberFactory(display_name="<script>alert(1)</script>")
    MembershipFactory(group=evil_group, member=member)
    return member


def test_rich_text_cleaning_drops_scripts_handlers_and_javascript_links():
    cleaned = clean_rich_text(
        "<p onclick='alert(5)'>你好<script>alert(1)</script></p>"
        '<p><img src=x onerror=alert(2)><a href="javascript:alert(3)">链接</a>'
        '<a href="https://example.com/ok">好链接</a><iframe src="https://evil.example"></iframe></p>'
    )
    lowered = cleaned.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<img"):
        assert bad not in lowered, bad
    assert "你好" in cleaned and 'href="https://example.com/ok"' in cleaned


def test_plain_text_description_becomes_escaped_paragraphs():
    assert clean_rich_text("第一段 a&b\n\n第二段 javascript:alert(1)") == (
        "<p>第一段 a&amp;b</p><p>第二段 javascript:alert(1)</p>"
    )


def test_description_saved_through_the_profile_form_is_cleaned(client, leader, group):
    client.force_login(leader)
    response = client.post(
        f"/en/portal/groups/{group.slug}/manage/",
        {
            "name": group.name,
            "summary": "正常的介绍",
            "topic": group.topic_id,
            "city": "杭州",
            "description": f"<p>欢迎</p>{SCRIPT}<p>{HANDLER}{JS_LINK}<b onmouseover=alert(6)>粗体</b></p>",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    stored = group.description.lower()
    for bad in ("<script", "onerror", "onmouseover", "javascript:"):
        assert bad not in stored, bad
    assert "欢迎" in group.description and "<strong>粗体</strong>" in group.description
    assert_inert(client.get(f"/en/groups/{group.slug}/").content.decode())


def test_profile_fields_saved_through_the_form_render_inert(client, leader, group):
    client.force_login(leader)
    client.post(
        f"/en/portal/groups/{group.slug}/manage/",
        {"name": SCRIPT, "summary": " ".join(PAYLOADS), "topic": group.topic_id, "city": HANDLER},
    )
    group.refresh_from_db()
    assert group.name == SCRIPT
    for url in (f"/en/groups/{group.slug}/", "/en/groups/", f"/en/portal/groups/{group.slug}/manage/", "/en/portal/"):
        html = client.get(url).content.decode()
        assert_inert(html)
        assert ESCAPED_SCRIPT in html, url


def test_group_page_renders_every_field_inert_for_visitors(client, evil_group):
    html = client.get(f"/en/groups/{evil_group.slug}/").content.decode()
    assert_inert(html)
    assert ESCAPED_SCRIPT in html


def test_group_page_renders_members_only_fields_and_names_inert_for_members(client, evil_group, evil_member):
    client.force_login(evil_member)
    html = client.get(f"/en/groups/{evil_group.slug}/").content.decode()
    assert_inert(html)
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the meeting place and chat instructions are shown
    assert html.count(ESCAPED_SCRIPT) >= 3  # name, meeting place, the member's display name


def test_directory_and_dashboard_render_inert(client, evil_group, evil_member):
    assert_inert(client.get("/en/groups/").content.decode())
    assert_inert(client.get("/en/groups/", {"q": SCRIPT}).content.decode())
    client.force_login(evil_member)
    for url in ("/en/portal/", "/en/portal/groups/"):
        html = client.get(url).content.decode()
        assert_inert(html)
        assert ESCAPED_SCRIPT in html, url


def test_join_questions_and_answers_render_inert(client, evil_group, leader):
    asker = MemberFactory(display_name=HANDLER)
    client.force_login(asker)
    assert_inert(client.get(f"/en/portal/groups/{evil_group.slug}/join/").content.decode())
    client.post(f"/en/portal/groups/{evil_group.slug}/join/", {"answer_0": SCRIPT, "answer_1": JS_LINK})
    client.force_login(leader)
    html = client.get(f"/en/portal/groups/{evil_group.slug}/manage/requests/").content.decode()
    assert_inert(html)
    assert html.count(ESCAPED_SCRIPT) >= 2  # a question and an answer


def test_manage_pages_render_display_names_and_settings_inert(client, evil_group, evil_member, leader):
    JoinRequestFactory(group=evil_group, member=MemberFactory(display_name=HANDLER), answers=[])
    client.force_login(leader)
    for name in ("", "requests/", "members/", "settings/"):
        html = client.get(f"/en/portal/groups/{evil_group.slug}/manage/{name}").content.decode()
        assert_inert(html)
        assert ESCAPED_SCRIPT in html, name


def test_application_fields_render_inert_for_the_applicant_and_staff(client, topic, community_team_member):
    application = GroupApplicationFactory(
        name=SCRIPT,
        city=HANDLER,
        topic=topic,
        purpose=" ".join(PAYLOADS),
        planned_activities=" ".join(PAYLOADS),
        reviewer_note=" ".join(PAYLOADS),
        applicant=MemberFactory(display_name=SCRIPT),
    )
    client.force_login(application.applicant)
    for url in (f"/en/portal/groups/applications/{application.pk}/", "/en/portal/groups/", "/en/portal/"):
        html = client.get(url).content.decode()
        assert_inert(html)
        assert ESCAPED_SCRIPT in html, url

    client.force_login(community_team_member)
    for url in (
        f"/admin/community/applications/{application.pk}/decide/",
        "/admin/groups/groupapplication/",
        f"/admin/groups/groupapplication/inspect/{application.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "<img src=x onerror" not in html.lower(), url
