"""Board rows made directly (no services, no points): posts, comments and likes for tests that need a board to read.

`make_post` (a fixture in tests/board/conftest.py) wraps `PostFactory`; tests of the services themselves call the
services instead, so points and counters are exercised the way members meet them.
"""

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.board.models import BoardTag, Comment, CommentLike, Post, PostLike
from tests.groups.factories import CommunityGroupFactory, MemberFactory


class PostFactory(DjangoModelFactory):
    """A post row; `body` is stored as given (pass cleaned HTML) and `excerpt` defaults to the title."""

    group = factory.SubFactory(CommunityGroupFactory)
    author = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"讨论帖{n}")
    body = factory.LazyAttribute(lambda o: f"<p>{o.title}的正文。</p>")
    excerpt = factory.LazyAttribute(lambda o: f"{o.title}的正文。")
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Post


class BoardTagFactory(DjangoModelFactory):
    group = factory.SubFactory(CommunityGroupFactory)
    name = factory.Sequence(lambda n: f"标签{n}")

    class Meta:
        model = BoardTag


class CommentFactory(DjangoModelFactory):
    """A comment row; keeps the post's comment_count and last_comment_at in step like the services do."""

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(MemberFactory)
    body = factory.Sequence(lambda n: f"评论{n}")
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Comment

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        comment = super()._create(model_class, *args, **kwargs)
        Post.objects.filter(pk=comment.post_id).update(
            comment_count=F("comment_count") + 1, last_comment_at=comment.created_at
        )
        return comment


class PostLikeFactory(DjangoModelFactory):
    post = factory.SubFactory(PostFactory)
    member = factory.SubFactory(MemberFactory)

    class Meta:
        model = PostLike

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        like = super()._create(model_class, *args, **kwargs)
        if like.active:
            Post.objects.filter(pk=like.post_id).update(like_count=F("like_count") + 1)
        return like


class CommentLikeFactory(DjangoModelFactory):
    comment = factory.SubFactory(CommentFactory)
    member = factory.SubFactory(MemberFactory)

    class Meta:
        model = CommentLike

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        like = super()._create(model_class, *args, **kwargs)
        if like.active:
            Comment.objects.filter(pk=like.comment_id).update(like_count=F("like_count") + 1)
        return like
