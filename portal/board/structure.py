"""The board's point rules, earned in the group (group-scoped) and capped per day so volume never beats quality."""

from portal.points.structure import ensure_rules
from website.core.site_setup import step

from .services.common import (
    RULE_ASSIGNMENT_REVIEWED,
    RULE_CHECK_IN,
    RULE_FEATURED,
    RULE_LIKE_RECEIVED,
    RULE_POST,
)

RULES = [
    # code, name, points, daily cap, description
    (RULE_POST, "在社群发帖", 2, 3, "在所在社群的讨论区发帖，每天最多 3 次"),
    (RULE_LIKE_RECEIVED, "帖子或评论被点赞", 1, 10, "每位成员对同一内容的点赞只计一次，自己点赞不计，每天最多 10 次"),
    (RULE_FEATURED, "帖子被设为精华", 20, None, "群主或管理员把你的帖子设为精华，每帖一次"),
    (RULE_CHECK_IN, "打卡", 2, 3, "在打卡话题中完成一次打卡，每天最多 3 次"),
    (RULE_ASSIGNMENT_REVIEWED, "作业通过点评", 5, 5, "每周作业被群主或管理员点评，每天最多 5 次"),
]


@step(350)
def board_rules(using):
    ensure_rules(RULES, using, start=40)
