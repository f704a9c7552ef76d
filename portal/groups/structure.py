"""Default topics, the activity point rules and the /groups/ directory page, so every installation starts with a
working directory."""

from portal.points.structure import ensure_rules
from website.core.site_setup import add_index_page, step

from .models import GroupIndexPage, Topic

TOPICS = [
    ("baking", "烘焙美食", "烘焙、家常菜、甜点与探店"),
    ("film", "电影", "观影、影评、放映会"),
    ("sports", "运动健身", "跑步、骑行、球类与健身"),
    ("reading", "读书", "读书会、共读与写作"),
    ("parenting", "亲子", "亲子阅读、育儿互助"),
    ("outdoor", "户外", "徒步、露营、登山"),
    ("crafts", "手作", "手工、编织、陶艺"),
    ("music", "音乐", "乐器、合唱、音乐分享"),
    ("photography", "摄影", "街拍、风光、胶片"),
    ("career", "职业成长", "行业交流、技能学习"),
    ("pets", "宠物", "养宠经验、领养与公益"),
    ("local", "同城生活", "街坊邻里、城市探索"),
]

# The groups app owns these triggers and calls the points API with them.
RULES = [
    ("activity_attended", "参加活动", 10, 3, "签到参加一次社群活动，每天最多 3 次"),
    ("activity_hosted", "组织活动", 30, None, "活动结束后提交活动报告，且至少一人签到"),
    # code, name, points, daily cap, description, monthly cap
    ("group_invite", "邀请新成员入群", 10, None, "通过你的邀请链接有新成员加入社群，每人一次，每月最多 20 次", 20),
]


@step(300)
def topics_rules_and_directory(using):
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.using(using).get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    ensure_rules(RULES, using, start=10)
    add_index_page(
        GroupIndexPage,
        using,
        title="社群",
        slug="groups",
        show_in_menus=True,
        intro="按兴趣、城市和阶段找到适合你的社群；找不到，就自己发起一个。",
    )
