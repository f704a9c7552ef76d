"""Default point rules and levels, in Chinese; the community team changes amounts in the admin afterwards.

Apps that award points declare their own rules in their ``structure.py`` through ``ensure_rules``; this app knows
the rules' shape, not who awards them.
"""

from website.core.site_setup import step

from .models import Level, PointRule

RULES = [
    # code, name, points, daily cap, description
    ("email_verified", "验证邮箱", 10, None, "第一次验证邮箱地址"),
    ("profile_completed", "完善个人资料", 20, None, "昵称、头像、城市、兴趣和简介都填写完整"),
    ("group_founded", "发起社群", 50, None, "申请通过，成为新社群的群主"),
    ("group_joined", "加入社群", 5, 5, "每加入一个社群一次，每天最多 5 次"),
    ("join_request_handled", "处理入群申请", 2, 30, "群主或管理员处理一条入群申请，每天最多 30 次"),
    ("monthly_top3", "社群月度前三", 100, None, "当月在所在社群积分排名前三"),
]

LEVELS = [
    # name, minimum lifetime points, colour, description
    ("新朋友", 0, "#6b7280", "刚刚加入，正在四处看看"),
    ("入门成员", 30, "#0f766e", "完成了第一步：验证邮箱、完善资料或加入社群"),
    ("活跃爱好者", 200, "#2563eb", "经常参加活动，是社群里熟悉的面孔"),
    ("达人", 1000, "#b45309", "持续贡献内容和活动的核心成员"),
]


def ensure_rules(rules, using, start=0):
    """Create the rules that are missing, numbered from ``start`` in the admin's order; existing ones stay as the
    community team left them."""
    for order, (code, name, points, cap, description, *monthly) in enumerate(rules, start=start):
        PointRule.objects.using(using).get_or_create(
            code=code,
            defaults={
                "name": name,
                "points": points,
                "daily_cap": cap,
                # An optional sixth item: how often per calendar month a member can earn the rule.
                "monthly_cap": monthly[0] if monthly else None,
                "description": description,
                "sort_order": order,
            },
        )


@step(200)
def default_rules_and_levels(using):
    ensure_rules(RULES, using)
    for name, minimum, colour, description in LEVELS:
        Level.objects.using(using).get_or_create(
            min_points=minimum, defaults={"name": name, "colour": colour, "description": description}
        )
