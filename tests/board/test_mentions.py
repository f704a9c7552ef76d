"""@mentions: names of active members of the group are resolved (Mention rows) and shown highlighted, linked to the
profile only where the reader may open it; names of non-members stay plain text."""

import pytest

from portal.board.models import Mention, Post
from portal.board.services.mentions import mentioned_members
from portal.board.templatetags.board_tags import comment_text, post_body
from portal.groups.models import Membership

pytestmark = pytest.mark.django_db


def test_post_mentions_resolve_to_group_members_only(client, board_group):
    client.force_login(board_group.alice)
    client.post(board_group.url("new_post"), {"body": "@小波你好，@路人小周 也来看看，@组长阿青"})
    post = Post.objects.get()
    mentioned = set(Mention.objects.filter(post=post, comment=None).values_list("member__display_name", flat=True))
    assert mentioned == {"小波", "组长阿青"}
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="mention"' in page
    assert "@路人小周" in page and '<span class="mention">@路人小周' not in page


def test_comment_mentions_are_stored_with_the_comment(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.bob)
    client.post(board_group.url("comment", post.pk), {"body": "@阿丽 写得好"})
    mention = Mention.objects.get()
    assert mention.member == board_group.alice and mention.comment == post.comments.get()
    assert "@阿丽</a>" in client.get(post.get_absolute_url()).content.decode()


def test_a_name_followed_by_text_and_the_longest_name_wins(board_group):
    group = board_group.group
    found = mentioned_members(group, "@副组长小雨在吗 @小波", author=board_group.alice)
    assert found == [board_group.co_leader, board_group.bob]


def test_former_members_and_yourself_are_not_mentioned(board_group):
    Membership.objects.filter(group=board_group.group, member=board_group.bob).update(state=Membership.State.LEFT)
    assert mentioned_members(board_group.group, "@小波 @阿丽", author=board_group.alice) == []


def test_editing_does_not_mention_someone_twice(client, board_group):
    client.force_login(board_group.alice)
    client.post(board_group.url("new_post"), {"body": "@小波 看这里"})
    post = Post.objects.get()
    client.post(board_group.url("edit_post", post.pk), {"body": "@小波 看这里，@组长阿青 也看"})
    assert Mention.objects.filter(member=board_group.bob).count() == 1
    assert Mention.objects.filter(member=board_group.leader).count() == 1


def test_mention_filters_escape_everything_the_member_wrote():
    html = str(comment_text('<b>@阿丽</b> "x"\n第二行', {"阿丽": "/members/1/"}))
    assert html == '&lt;b&gt;<a class="mention" href="/members/1/">@阿丽</a>&lt;/b&gt; &quot;x&quot;<br>第二行'
    assert str(comment_text("@<script>", {"<script>": ""})) == '<span class="mention">@&lt;script&gt;</span>'
    body = str(post_body('<p>@阿丽 <a href="https://e.com/@阿丽">@阿丽</a></p>', {"阿丽": ""}))
    assert body.count('<span class="mention">@阿丽</span>') == 1
    assert "e.com/" in body
