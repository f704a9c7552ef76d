"""Demo boards: five groups' discussions, a running daily check-in, two weekly assignments, 精华 and a handled report.

Everything is written through the board's services, as members would write it, so counters, @mentions, moderation
log rows and group points (the group's top members) are what the site itself would have made. The services stamp
``timezone.now()``; the rows are then moved back to the days the content says (``update()``), and check-ins are
made with ``today=`` their own day, so each lands in its period. Points stay dated today: the ledger is append-only.

Idempotent per group: a group whose board already has posts is left alone, so running the demo again (or a
developer's own posts) never duplicates anything.
"""

import random
from collections import Counter
from datetime import datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from portal.board.models import (
    BoardSettings,
    BoardTag,
    CheckIn,
    Comment,
    CommentLike,
    ModerationAction,
    Post,
    PostImage,
    PostLike,
    Report,
)
from portal.board.services.board_settings import add_tag, set_visibility
from portal.board.services.checkins import check_in, open_topic, review_check_in
from portal.board.services.common import BoardError, viewer_for
from portal.board.services.likes import set_comment_like, set_post_like
from portal.board.services.moderation import feature_post, pin_post
from portal.board.services.posts import add_comment, create_post
from portal.board.services.reports import dismiss_report, report, uphold_report
from portal.groups.models import CommunityGroup, Membership

from .board_text import BOARDS, RUN_DAYS, RUN_PLACES, RUN_REMARKS, STRENGTH
from .core import ART_MARKER, Artwork, file_signature, refresh_file, register

#: Members who joined more recently than this do not write in the demo's past weeks.
SETTLED = timedelta(days=35)


class Scene:
    """One group's board being written: who plays which part, the clock, and the leaders' viewer."""

    def __init__(self, group, rng):
        self.group = group
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        memberships = list(
            Membership.objects.active()
            .filter(group=group, member__is_staff=False)
            .select_related("member")
            .order_by("joined_at", "member_id")
        )
        self.members = [m.member for m in memberships]
        self.cast = self._cast(memberships)
        self.names = {key: user.display_name for key, user in self.cast.items()}
        self._viewers = {}

    def _cast(self, memberships):
        """``L`` the leader, ``C`` the co-leader (the leader in a group without one), ``m1``… settled members whose
        display name no one else in the group has, so an @mention names one person."""
        names = Counter(m.member.display_name for m in memberships)
        leader = next(m.member for m in memberships if m.role == Membership.Role.LEADER)
        co_leader = next((m.member for m in memberships if m.role == Membership.Role.CO_LEADER), leader)
        regulars = [
            m.member
            for m in memberships
            if m.role == Membership.Role.MEMBER
            and m.joined_at <= self.now - SETTLED
            and m.member.display_name
            and names[m.member.display_name] == 1
        ]
        cast = {"L": leader, "C": co_leader}
        cast.update({f"m{index}": member for index, member in enumerate(regulars, 1)})
        return cast

    def viewer(self, key_or_user):
        user = self.cast.get(key_or_user) if isinstance(key_or_user, str) else key_or_user
        if user is None:
            return None
        if user.pk not in self._viewers:
            self._viewers[user.pk] = viewer_for(self.group, user)
        return self._viewers[user.pk]

    @property
    def leader(self):
        return self.viewer("L")

    def text(self, text):
        return text.format_map(self.names)

    def moment(self, days, at="20:00"):
        """The local moment ``days`` before today at ``at``, never in the future."""
        hour, minute = (int(part) for part in at.split(":"))
        moment = timezone.make_aware(datetime.combine(self.today - timedelta(days=days), time(hour, minute)))
        return min(moment, self.now - timedelta(minutes=20))

    def later(self, moment, hours):
        return min(moment + timedelta(hours=hours), self.now - timedelta(minutes=5))

    def others(self, author, count):
        """``count`` members of the group other than ``author``, picked at random (the same on every build)."""
        pool = [member for member in self.members if member.pk != author.pk]
        return self.rng.sample(pool, min(count, len(pool)))

    def backdate_log(self, since, moment):
        """Move the moderation log rows written after ``since`` (a log row id) to ``moment``."""
        ModerationAction.objects.filter(group=self.group, pk__gt=since).update(created_at=moment)


def _last_log_id(group):
    return ModerationAction.objects.filter(group=group).aggregate(last=Max("pk"))["last"] or 0


# --- Settings and tags ------------------------------------------------------------------------------------------


def _settings(scene, board):
    if board.members_only and not BoardSettings.for_group(scene.group).members_only:
        set_visibility(scene.leader, BoardSettings.Visibility.MEMBERS)
    have = set(BoardTag.objects.filter(group=scene.group).values_list("name", flat=True))
    for name in board.tags:
        if name not in have:
            add_tag(scene.leader, name)
    return {tag.name: tag for tag in BoardTag.objects.filter(group=scene.group)}


# --- Posts, comments, likes, reports ----------------------------------------------------------------------------


def _images(scene, item, seed):
    if not item.image:
        return ()
    artwork = Artwork(item.image, seed, (1200, 900), topic=scene.group.topic.slug)
    return [artwork.file(f"board-{artwork.scene}-{seed}.jpg")]


def _like_post(scene, post, count, moment):
    for member in scene.others(post.author, count):
        set_post_like(scene.viewer(member), post, True)
    PostLike.objects.filter(post=post).update(created_at=scene.later(moment, 3))


def _like_comment(scene, comment, count, moment):
    for member in scene.others(comment.author, count):
        set_comment_like(scene.viewer(member), comment, True)
    CommentLike.objects.filter(comment=comment).update(created_at=scene.later(moment, 2))


def _handle_report(scene, post, comment, spec, moment):
    """A member reports the comment; the leader upholds it (the comment is hidden with a reason) or dismisses it."""
    reporter, reason, detail, decision, words = spec
    since = _last_log_id(scene.group)
    filed = report(scene.viewer(reporter), post=post, comment=comment, reason=reason, detail=detail)
    if decision == "uphold":
        uphold_report(scene.leader, filed, reason=words)
    else:
        dismiss_report(scene.leader, filed, note=words)
    reported, handled = scene.later(moment, 1), scene.later(moment, 6)
    Report.objects.filter(pk=filed.pk).update(created_at=reported, handled_at=handled)
    Comment.objects.filter(pk=comment.pk, hidden_at__isnull=False).update(hidden_at=handled)
    scene.backdate_log(since, handled)


def _comment(scene, post, spec, moment, parent=None):
    viewer = scene.viewer(spec.author)
    if viewer is None:
        return moment
    comment = add_comment(viewer, post, body=scene.text(spec.body), parent=parent)
    Comment.objects.filter(pk=comment.pk).update(created_at=moment)
    if spec.likes:
        _like_comment(scene, comment, spec.likes, moment)
    last = moment
    for reply in spec.replies:
        last = _comment(scene, post, reply, scene.later(last, reply.hours), parent=comment)
    if spec.report:
        _handle_report(scene, post, comment, spec.report, moment)
    return last


def _post(scene, item, tags, seed):
    viewer = scene.viewer(item.author)
    if viewer is None:
        return None
    post = create_post(
        viewer,
        title=item.title,
        body=scene.text(item.body),
        tag=tags.get(item.tag),
        images=_images(scene, item, seed),
    )
    created = scene.moment(item.days, item.at)
    last = created
    for spec in item.comments:
        last = _comment(scene, post, spec, scene.later(last, spec.hours))
    Post.objects.filter(pk=post.pk).update(created_at=created, last_comment_at=last if item.comments else None)
    if item.likes:
        _like_post(scene, post, item.likes, created)
    _moderate(scene, post, item, created)
    return post


def _moderate(scene, post, item, created):
    """The leader pins the rules and marks the best post 精华 (its author earns the 精华 points)."""
    since = _last_log_id(scene.group)
    if item.pinned:
        pin_post(scene.leader, post)
        Post.objects.filter(pk=post.pk).update(pinned_at=scene.later(created, 0.5))
    if item.featured:
        feature_post(scene.leader, post)
        Post.objects.filter(pk=post.pk).update(featured_at=scene.later(created, 10))
    if item.pinned or item.featured:
        scene.backdate_log(since, scene.later(created, 10 if item.featured else 0.5))


# --- Check-in topics --------------------------------------------------------------------------------------------


def _run_log(scene, key, days):
    """A runner's check-in text: distance, pace and a line of how it went; now and then a strength session."""
    rng = random.Random(f"{key}:{days}")
    if rng.random() < 0.15:
        return STRENGTH
    distance = rng.choice([3.2, 5, 5.4, 6.3, 7, 8.1, 10])
    seconds = rng.randint(330, 450)
    pace = f"{seconds // 60}'{seconds % 60:02d}\""
    # Nobody writes that they ran with themselves.
    remarks = [remark for remark in RUN_REMARKS if "{" + key + "}" not in remark]
    return f"{rng.choice(RUN_PLACES)}跑了 {distance} 公里，配速 {pace}。{scene.text(rng.choice(remarks))}"


def _check_ins(scene, topic_spec, topic):
    if topic_spec.check_ins:
        return topic_spec.check_ins
    # The daily topic: every runner's days, with a log for each.
    return {key: [(days, _run_log(scene, key, days)) for days in days_list] for key, days_list in RUN_DAYS.items()}


def _topic(scene, spec, tags):
    starts = scene.today - timedelta(days=spec.started)
    post = open_topic(
        scene.leader,
        title=spec.title,
        body=scene.text(spec.body),
        cadence=spec.cadence,
        starts_on=starts,
        ends_on=scene.today + timedelta(days=spec.ends_in),
        is_assignment=spec.is_assignment,
        tag=tags.get(spec.tag),
        today=starts,
    )
    Post.objects.filter(pk=post.pk).update(created_at=scene.moment(spec.started + 1, "21:30"))
    topic = post.check_in_topic
    weekly = spec.cadence == "weekly"
    made = {}
    for key, entries in _check_ins(scene, spec, topic).items():
        viewer = scene.viewer(key)
        if viewer is None:
            continue
        for days, body in entries:
            day = scene.today - timedelta(days=days)
            try:
                entry = check_in(viewer, topic, body=scene.text(body), today=day)
            except BoardError:  # A second check-in in the same period: the content's mistake, not the member's.
                continue
            at = (
                f"{scene.rng.randint(19, 22)}:{scene.rng.randint(0, 59):02d}"
                if weekly
                else (f"{scene.rng.randint(6, 8)}:{scene.rng.randint(0, 59):02d}")
            )
            CheckIn.objects.filter(pk=entry.pk).update(created_at=scene.moment(days, at))
            made[(key, days)] = entry
    for (key, days), words in spec.reviews.items():
        entry = made.get((key, days))
        if entry is None:
            continue
        since = _last_log_id(scene.group)
        review_check_in(scene.leader, entry, comment=words)
        reviewed = scene.moment(max(days - 1, 0), "12:30")
        CheckIn.objects.filter(pk=entry.pk).update(reviewed_at=reviewed)
        scene.backdate_log(since, reviewed)
    if spec.pinned:
        since = _last_log_id(scene.group)
        pin_post(scene.leader, post)
        pinned = scene.moment(spec.started, "08:00")
        Post.objects.filter(pk=post.pk).update(pinned_at=pinned)
        scene.backdate_log(since, pinned)
    return post


# --- The builder ------------------------------------------------------------------------------------------------


def _build(group, board, seed):
    scene = Scene(group, random.Random(seed))
    tags = _settings(scene, board)
    # Oldest first, as members wrote them; pinned posts are the rules, written before the rest.
    for index, item in enumerate(sorted(board.posts, key=lambda item: -item.days)):
        _post(scene, item, tags, seed * 100 + index)
    for spec in board.topics:
        _topic(scene, spec, tags)


def _refresh_art(group):
    """Redraw the demo's own pictures on a board built by an earlier demo version (their signature says which
    drawing they are); members' photos carry no signature and stay as they are."""
    for image in PostImage.objects.filter(post__group=group):
        found = file_signature(image.image)
        parts = found[0].split("/") if found else []
        if len(parts) != 5 or parts[0] != ART_MARKER:
            continue
        _marker, _version, scene, seed, size = parts
        artwork = Artwork(scene, int(seed), tuple(int(side) for side in size.split("x")))
        if refresh_file(image, "image", artwork, f"board-{scene}-{seed}.jpg"):
            image.save(update_fields=["image"])


@register(order=330)
def boards(context):
    """Five groups' boards; after the groups (members, leaders) and the activities, before the pages."""
    written = 0
    for index, (slug, board) in enumerate(BOARDS.items()):
        group = CommunityGroup.objects.filter(slug=slug).select_related("topic").first()
        if group is None:
            continue
        if Post.objects.filter(group=group).exists():
            _refresh_art(group)
            continue
        _build(group, board, seed=500 + index)
        written += 1
    context.log(f"Boards: {written} written, {Post.objects.count()} posts, {Comment.objects.count()} comments.")
