"""The leader's description editor, through the manage page: formatted text saved and shown, never tags as text."""

from html.parser import HTMLParser

import pytest

from portal.groups.forms import GroupProfileForm
from tests.groups.factories import MemberFactory, MembershipFactory


def manage_url(group):
    return f"/en/portal/groups/{group.slug}/manage/"


def profile_data(group, description, description_format="html"):
    data = {"name": group.name, "summary": "正常的介绍", "topic": group.topic_id, "city": "杭州"}
    data["description"] = description
    if description_format:
        data["description_format"] = description_format
    return data


class _EditorParts(HTMLParser):
    """The description's textarea text and the inner HTML of its (hidden) editing region, as the browser gets them."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.textarea = None
        self.region = None
        self._in = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._in == "region":
            self._depth += tag != "br"  # the one void element members' HTML has
            self.region += self.get_starttag_text()
        elif tag == "textarea" and attrs.get("name") == "description":
            self._in, self.textarea = "textarea", ""
        elif "data-richtext-area" in attrs:
            self._in, self.region, self._depth = "region", "", 0

    def handle_endtag(self, tag):
        if self._in == "textarea" and tag == "textarea":
            self._in = None
        elif self._in == "region":
            if self._depth == 0:
                self._in = None
            else:
                self._depth -= 1
                self.region += f"</{tag}>"

    def handle_data(self, data):
        if self._in == "textarea":
            self.textarea += data
        elif self._in == "region":
            self.region += data

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def editor_parts(response):
    parts = _EditorParts()
    parts.feed(response.content.decode())
    return parts


@pytest.fixture
def signed_in_leader(client, leader):
    client.force_login(leader)
    return client


def test_formatted_description_is_saved_and_shown_on_the_group_page(signed_in_leader, group):
    response = signed_in_leader.post(
        manage_url(group),
        profile_data(
            group,
            "<h3>活动安排</h3><p>每周六<b>下午两点</b>见</p><ul><li>带书</li><li>带水</li></ul>"
            '<p><a href="https://example.com/">报名表</a></p>',
        ),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.description == (
        "<h3>活动安排</h3><p>每周六<strong>下午两点</strong>见</p><ul><li>带书</li><li>带水</li></ul>"
        '<p><a href="https://example.com/" rel="nofollow ugc noopener">报名表</a></p>'
    )
    page = signed_in_leader.get(f"/en/groups/{group.slug}/").content.decode()
    assert "<strong>下午两点</strong>" in page
    assert "<li>带书</li>" in page
    assert '<a href="https://example.com/" rel="nofollow ugc noopener">报名表</a>' in page


def test_the_form_shows_the_description_as_plain_text_and_the_editor_as_markup(signed_in_leader, group):
    group.description = "<p>第一段<strong>粗体</strong></p><ul><li>一</li><li>二</li></ul>"
    group.save(update_fields=["description"])
    response = signed_in_leader.get(manage_url(group))
    parts = editor_parts(response)
    assert parts.textarea.strip() == "第一段粗体\n\n• 一\n• 二"
    assert "<" not in parts.textarea and "&lt;" not in parts.textarea
    assert parts.region == group.description
    html = response.content.decode()
    assert 'name="description_format" value="text"' in html
    assert "js/richtext.js" in html and "css/richtext.css" in html


def test_the_editor_script_is_loaded_only_where_the_editor_is(signed_in_leader, group):
    html = signed_in_leader.get(f"{manage_url(group)}settings/").content.decode()
    assert "js/richtext.js" not in html


def test_plain_text_from_a_browser_without_javascript_becomes_paragraphs(signed_in_leader, group):
    response = signed_in_leader.post(
        manage_url(group), profile_data(group, "欢迎 <新朋友> & 老朋友\n第二行\n\n• 带书\n• 带水", "text")
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.description == (
        "<p>欢迎 &lt;新朋友&gt; &amp; 老朋友<br>第二行</p><ul><li>带书</li><li>带水</li></ul>"
    )
    # Shown again to the same browser, it reads as the text that was typed.
    assert editor_parts(signed_in_leader.get(manage_url(group))).textarea.strip() == (
        "欢迎 &lt;新朋友&gt; &amp; 老朋友\n第二行\n\n• 带书\n• 带水"
    )


def test_hostile_html_is_cleaned_before_it_is_stored(signed_in_leader, group):
    signed_in_leader.post(
        manage_url(group),
        profile_data(
            group,
            '<p onclick="alert(1)" style="color:red" class="x">你好<script>alert(2)</script></p>'
            '<img src=x onerror=alert(3)><iframe src="https://evil.example"></iframe>'
            '<a href="jav&#x09;ascript:alert(4)">坏链接</a><a href="data:text/html,x">数据</a>',
        ),
    )
    group.refresh_from_db()
    assert group.description == "<p>你好</p>坏链接数据"
    page = signed_in_leader.get(f"/en/groups/{group.slug}/").content.decode().lower()
    for bad in ("alert(", "onerror", "javascript:", "evil.example"):
        assert bad not in page, bad


def test_a_description_over_the_limit_is_refused_with_its_length(signed_in_leader, group):
    group.description = "<p>原来的介绍</p>"
    group.save(update_fields=["description"])
    response = signed_in_leader.post(manage_url(group), profile_data(group, "<p>" + "长" * 5003 + "</p>"))
    assert response.status_code == 200
    assert "This text is 5003 characters long; the limit is 5000. Shorten it by 3 characters." in (
        response.content.decode()
    )
    group.refresh_from_db()
    assert group.description == "<p>原来的介绍</p>"
    # The member's text is kept for them to shorten: in the editor with its formatting, in the fallback as text.
    parts = editor_parts(response)
    assert parts.region == "<p>" + "长" * 5003 + "</p>"
    assert parts.textarea.strip() == "长" * 5003


def test_formatting_does_not_count_towards_the_limit(signed_in_leader, group):
    description = "<ul>" + "<li><strong>一二</strong></li>" * 2500 + "</ul>"  # 5000 characters of text
    response = signed_in_leader.post(manage_url(group), profile_data(group, description))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.description == description


def test_a_flood_of_markup_is_refused_before_it_is_parsed(signed_in_leader, group):
    response = signed_in_leader.post(manage_url(group), profile_data(group, "<p></p>" * 20_000))
    assert response.status_code == 200
    assert "This text has too much formatting to save." in response.content.decode()


def test_an_emptied_editor_clears_the_description(signed_in_leader, group):
    group.description = "<p>旧的</p>"
    group.save(update_fields=["description"])
    assert signed_in_leader.post(manage_url(group), profile_data(group, "<p><br></p>")).status_code == 302
    group.refresh_from_db()
    assert group.description == ""


def test_descriptions_stored_before_the_editor_still_render_under_todays_rules(client, group):
    group.description = '<p>我们<b>欢迎</b>你</p><p><a href="https://example.com/">网站</a></p>'
    group.save(update_fields=["description"])
    page = client.get(f"/en/groups/{group.slug}/").content.decode()
    assert "<p>我们<strong>欢迎</strong>你</p>" in page
    assert '<a href="https://example.com/" rel="nofollow ugc noopener">网站</a>' in page


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_only_leaders_can_edit_the_description(client, group, role):
    visitor = MemberFactory()
    if role == "member":
        MembershipFactory(group=group, member=visitor)
    client.force_login(visitor)
    assert client.get(manage_url(group)).status_code == 403
    response = client.post(manage_url(group), profile_data(group, "<p>被改了</p>"))
    assert response.status_code == 403
    group.refresh_from_db()
    assert "被改了" not in group.description


def test_visitors_are_sent_to_sign_in(client, group):
    response = client.post(manage_url(group), profile_data(group, "<p>被改了</p>"))
    assert response.status_code == 302 and "login" in response["Location"]
    group.refresh_from_db()
    assert "被改了" not in group.description


def test_an_untouched_description_in_the_old_format_is_not_a_change(group):
    group.description = '<p>我们<b>欢迎</b>你 <a href="https://example.com/">网站</a></p>'
    group.save(update_fields=["description"])
    editor_html = (
        '<p>我们<strong>欢迎</strong>你 <a href="https://example.com/" rel="nofollow ugc noopener">网站</a></p>'
    )
    form = GroupProfileForm(
        data={**profile_data(group, editor_html), "summary": group.summary, "city": group.city}, instance=group
    )
    assert form.is_valid(), form.errors
    assert "description" not in form.changed_data
    edited = GroupProfileForm(data=profile_data(group, "<p>新的介绍</p>"), instance=group)
    assert edited.is_valid() and "description" in edited.changed_data
