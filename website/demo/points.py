"""Demo points: the rewards catalogue and three months of ledger history written through the real services."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.points import services
from portal.points.models import Level, PointEntry, Reward

from .core import register, wagtail_image

PHYSICAL, VOUCHER, TICKET, EXPERIENCE = Reward.Kind.values
REWARDS = [
    # name, description, cost, stock, minimum level name, kind (only physical goods are posted), image seed
    ("社群定制帆布袋", "印有同好里标志的帆布袋，装得下一周的书和面包。", 300, 50, None, PHYSICAL, 301),
    ("线下活动优先报名", "热门线下活动开放前 24 小时优先报名一次。", 100, 200, None, EXPERIENCE, 302),
    ("电影兑换券", "合作影院 2D 通兑券一张，兑换后由运营发送电子码。", 200, 80, None, VOUCHER, 303),
    ("烘焙工具套装", "刮刀、量勺、温度计三件套，适合想进阶的烘焙爱好者。", 800, 10, "活跃爱好者", PHYSICAL, 304),
    ("产品团队见面会名额", "与产品团队面对面聊一下午，提出你最想要的功能。", 1000, 5, "达人", TICKET, 305),
    ("达人限定徽章礼盒", "金属徽章与手写感谢卡，只给持续贡献的达人。", 1500, 20, "达人", PHYSICAL, 306),
]

GRANT_REASONS = [
    "线下活动志愿者",
    "组织周末活动",
    "带新人入门",
    "分享优质内容",
    "活动签到与反馈",
    "邀请好友加入",
]


@register(order=300)
def rewards(context):
    levels = {level.name: level for level in Level.objects.all()}
    for order, (name, description, cost, stock, level, kind, seed) in enumerate(REWARDS):
        image = wagtail_image(f"奖品：{name}", seed=seed, size=(800, 600))  # Redrawn in place when the art changed.
        if Reward.objects.filter(name=name).exists():
            continue
        Reward.objects.create(
            name=name,
            description=description,
            cost=cost,
            stock=stock,
            min_level=levels.get(level),
            kind=kind,
            needs_shipping=kind == PHYSICAL,
            image=image,
            sort_order=order,
        )


@register(order=310)
def history(context):
    """Ninety days of earnings: the joins and decisions the demo groups already hold, plus staff grants."""
    # Staff grants exist only once this builder has run (sign-up triggers may already have written entries).
    if PointEntry.objects.filter(kind=PointEntry.Kind.ADJUST).exists():
        return
    from portal.groups.models import CommunityGroup, JoinRequest, Membership

    User = get_user_model()
    staff = User.objects.filter(email="yunying@example.com").first()
    now = timezone.now()
    rng = random.Random(90)
    start = now - timedelta(days=90)

    def when(moment):
        return max(moment, start + timedelta(hours=rng.randint(1, 48)))

    for member in User.objects.filter(is_staff=False):
        services.award(member, "email_verified", member, at=when(member.date_joined))
        if member.profile_completeness == 100:
            services.award(member, "profile_completed", member, at=when(member.date_joined + timedelta(days=1)))
    for group in CommunityGroup.objects.all():
        if group.founder:
            services.award(group.founder, "group_founded", group, at=when(group.founded_at))
    for membership in Membership.objects.filter(role=Membership.Role.MEMBER).select_related("member", "group"):
        services.award(
            membership.member,
            "group_joined",
            membership.group,
            scope=membership.group_id,
            at=when(membership.joined_at),
        )
    members = list(User.objects.filter(is_staff=False, memberships__state="active").distinct())
    # A few members carry most of the activity, as in real programmes.
    weights = [min(8.0, rng.paretovariate(1.6)) for _ in members]
    for _ in range(700):
        member = rng.choices(members, weights=weights)[0]
        moment = now - timedelta(days=rng.uniform(0, 89), hours=rng.uniform(0, 12))
        services.adjust(
            member, rng.choice([10, 10, 20, 20, 30, 50]), reason=rng.choice(GRANT_REASONS), actor=staff, at=moment
        )
    # The named demo leaders organise a lot; their history should show it.
    for member in User.objects.filter(email__in=["lin.xiaoyu@example.com", "zhou.hang@example.com"]):
        for week in range(12):
            services.adjust(
                member, 50, reason="组织周末活动", actor=staff, at=now - timedelta(days=7 * week + rng.uniform(0, 3))
            )
    # Decisions leaders took: the requests already approved in the demo groups.
    for request in JoinRequest.objects.filter(decided_by__isnull=False).select_related("decided_by"):
        services.award(
            request.decided_by, "join_request_handled", request, scope=request.group_id, at=request.decided_at or now
        )

    from portal.groups.boards import award_monthly_top3
    from portal.points.leaderboards import archive_month

    today = timezone.localdate()
    first = today.replace(day=1)
    for _ in range(2):
        first = (
            first.replace(year=first.year - 1, month=12) if first.month == 1 else first.replace(month=first.month - 1)
        )
        archive_month(first)
        award_monthly_top3(first)
    context.log(f"Points: {PointEntry.objects.count()} ledger entries.")
