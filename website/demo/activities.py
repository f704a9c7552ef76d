"""Demo activities: three months of each group's meet-ups with attendance and hosts' points, then an evaluation."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.groups.models import CommunityGroup, Membership
from portal.points import services as points_services

from .core import register

# Activity plans per group: (activities in the last 90 days, attendees per activity, days since the last one).
# About two a month for the big groups: with half of each activity's people new, that is as many newcomers as a
# group of 30-50 can bring over three months.
ACTIVITY_PLANS = {
    "hz-baking": (8, (11, 15), 3),
    "sh-classic-film": (7, (10, 14), 5),
    "hz-westlake-cycling": (9, (12, 16), 2),
    "bj-xiangshan-run": (12, (12, 15), 1),  # strong enough to be proposed for core
    "cd-picture-books": (6, (8, 12), 6),
    "sz-film-lab": (6, (8, 12), 9),
    "xa-stray-cats": (6, (7, 11), 12),
    "cq-mountain-books": (4, (8, 11), 65),  # quiet for two months: warned, heading for demotion, 0 active
    "nj-city-wall-hike": (4, (7, 10), 4),  # a new group ready to grow
    "gz-tea-calligraphy": (2, (5, 7), 20),
    "wh-guitar": (1, (4, 6), 40),
    "xm-pm-reading": (2, (4, 5), 15),
    "sz-old-street": (3, (6, 9), 10),  # invitation only: its members come through invite links
}

# What each group does, when and where: formats of (title, (weekday with Monday 0, hour, minute), hours, place), an
# empty place meaning online. Times and places fit the topic and the city: baking in a studio on a weekend afternoon,
# films on Friday and Saturday evenings, runs at dawn or after work.
ACTIVITY_STYLES = {
    "sz-old-street": [
        ("平江路邻里茶话会", (6, 15, 0), 2, "平江路社区活动室"),
        ("老街旧物交换日", (5, 9, 30), 3, "大儒巷口小广场"),
        ("评弹欣赏夜", (4, 19, 0), 2, "中张家巷评弹书场"),
    ],
    "hz-baking": [
        ("周六欧包实验", (5, 14, 0), 3, "西溪烘焙工作室"),
        ("新手戚风蛋糕课", (6, 10, 0), 3, "文三路共享厨房"),
        ("桂花酥试做会", (5, 14, 30), 3, "滨江社区烘焙教室"),
        ("周末面包分享会", (6, 14, 0), 2.5, "西溪烘焙工作室"),
    ],
    "sh-classic-film": [
        ("经典港片放映：《花样年华》", (4, 19, 30), 3, "衡山路艺术影院放映厅"),
        ("默片之夜：卓别林短片", (5, 19, 0), 2.5, "武康路独立书店放映角"),
        ("观影 + 影评沙龙", (4, 19, 0), 3.5, "长乐路老洋房文化沙龙"),
        ("胶片电影放映会", (5, 18, 30), 3, "衡山路艺术影院放映厅"),
    ],
    "hz-westlake-cycling": [
        ("环湖骑行 40 公里", (5, 7, 30), 4, "北山街断桥集合"),
        ("周日清晨骑行", (6, 6, 30), 3, "湖滨公园音乐喷泉"),
        ("龙井山路爬坡练习", (5, 8, 0), 4, "杨公堤花港观鱼门口"),
        ("新手骑行课", (6, 9, 0), 2, "湖滨公园音乐喷泉"),
    ],
    "bj-xiangshan-run": [
        ("香山晨跑 8 公里", (5, 6, 30), 2, "香山公园东门"),
        ("周三夜跑", (2, 19, 30), 1.5, "奥森南园 2 号门"),
        ("植物园越野跑", (6, 7, 0), 2, "国家植物园南门"),
        ("新手配速跑", (2, 19, 30), 1.5, "奥森南园 2 号门"),
    ],
    "cd-picture-books": [
        ("绘本共读：《好饿的毛毛虫》", (5, 10, 0), 2, "玉林社区图书馆亲子区"),
        ("亲子手工绘本", (6, 15, 30), 1.5, "桐梓林社区活动室"),
        ("周末故事会", (5, 10, 30), 1.5, "方所书店儿童区"),
    ],
    "sz-film-lab": [
        ("南头古城扫街", (5, 15, 0), 3, "南头古城南门"),
        ("胶片冲洗体验", (6, 14, 0), 3, "华侨城创意园暗房"),
        ("蛇口夜景拍摄练习", (5, 18, 30), 2.5, "蛇口海上世界广场"),
    ],
    "xa-stray-cats": [
        ("校园流浪猫投喂", (5, 9, 30), 2, "西北大学太白校区北门"),
        ("绝育互助日", (6, 9, 0), 4, "曲江宠物医院会议室"),
        ("领养日摆摊", (6, 14, 0), 3, "小雁塔公园东门"),
    ],
    "cq-mountain-books": [
        ("共读《额尔古纳河右岸》", (5, 15, 0), 2.5, "解放碑方所书店"),
        ("线上打卡分享", (3, 20, 0), 1.5, ""),
        ("山城茶馆读书会", (6, 14, 30), 2.5, "山城步道老茶馆"),
    ],
    "nj-city-wall-hike": [
        ("明城墙徒步：中华门段", (6, 8, 30), 3, "中华门城堡门口"),
        ("城墙夜走", (4, 19, 0), 2, "玄武门"),
        ("玄武湖—台城徒步", (5, 8, 30), 3, "台城城墙入口"),
    ],
    "gz-tea-calligraphy": [
        ("临《兰亭序》", (6, 14, 30), 2.5, "荔湾西关书院"),
        ("茶席布置分享", (5, 15, 0), 2, "东山口茶室"),
    ],
    "wh-guitar": [
        ("弹唱角开放麦", (4, 19, 30), 2.5, "昙华林小酒馆"),
        ("吉他入门互助", (6, 15, 0), 2, "楚河汉街排练室"),
    ],
    "xm-pm-reading": [
        ("共读《启示录》第三章", (2, 20, 0), 1.5, ""),
        ("产品评审会模拟", (5, 14, 0), 2.5, "软件园二期咖啡馆"),
    ],
}


def _slot_moment(day, weekday, hour, minute):
    """The aware local moment at hour:minute on the given weekday, on or just before ``day``."""
    day -= timedelta(days=(day.weekday() - weekday) % 7)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _pick_attendees(rng, eligible, seen, size):
    """About half newcomers (never came before) and half regulars, as practitioners aim for (1:1)."""
    fresh = [m for m in eligible if m.member_id not in seen]
    regulars = [m for m in eligible if m.member_id in seen]
    new = min(len(fresh), round(size * rng.uniform(0.4, 0.6)))
    chosen = rng.sample(fresh, new)
    # The regulars who come most often are the ones who came most before.
    regulars.sort(key=lambda m: -seen[m.member_id] - rng.random() * 3)
    chosen += regulars[: size - new]
    if len(chosen) < size:
        chosen += rng.sample([m for m in fresh if m not in chosen], min(size - len(chosen), len(fresh) - new))
    return chosen


@register(order=320)
def activities(context):
    """Three months of activities (and the older groups' first meet-ups) with attendance, then tonight's evaluation."""
    from django.db.models import F

    from portal.groups.models import Activity, Attendance
    from portal.groups.services.activities import _record_attendance
    from portal.groups.services.lifecycle import run_evaluation

    if Activity.objects.exists():
        return
    rng = random.Random(320)
    now = timezone.now()
    today = timezone.localdate()
    for slug, (count, sizes, last_days) in ACTIVITY_PLANS.items():
        group = CommunityGroup.objects.filter(slug=slug).select_related("topic").first()
        if group is None:
            continue
        formats = ACTIVITY_STYLES[slug]
        members = list(Membership.objects.active().filter(group=group).select_related("member"))
        leader = next((m.member for m in members if m.role == Membership.Role.LEADER), None)
        span = 88 - last_days
        seen = {}
        taken = set()
        plan = [
            (last_days + (span * index // max(1, count - 1) if count > 1 else 0), *sizes) for index in range(count)
        ]
        if (now - group.founded_at).days > 130:
            # The founding core's first small meet-ups, so the three months shown start with regulars, not strangers.
            plan += [(100, 5, 8), (120, 5, 7)]
        # Oldest first, so each activity's newcomers are the members who had never come before.
        for index, (days_ago, low, high) in reversed(list(enumerate(plan))):
            title, slot, hours, place = formats[index % len(formats)]
            starts = _slot_moment(today - timedelta(days=days_ago), *slot)
            while starts.date() in taken or starts > now:
                starts -= timedelta(days=7)
            taken.add(starts.date())
            activity = Activity.objects.create(
                group=group,
                title=title,
                mode=Activity.Mode.OFFLINE if place else Activity.Mode.ONLINE,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                place=place,
                link="" if place else "https://meeting.example.com/room/" + slug,
                description="活动结束后请在群里分享照片和感受。新朋友请提前在群里打个招呼。",
                capacity=15 if place else None,
                created_by=leader,
                created_at=starts - timedelta(days=7),
            )
            eligible = [m for m in members if m.joined_at <= starts]
            size = min(len(eligible), rng.randint(low, high), activity.capacity or 99)
            for membership in _pick_attendees(rng, eligible, seen, size):
                _record_attendance(
                    activity, membership.member, Attendance.Method.CODE, at=starts + timedelta(minutes=5)
                )
                seen[membership.member_id] = seen.get(membership.member_id, 0) + 1
            Activity.objects.filter(pk=activity.pk).update(
                rsvp_count=F("attended_count"),
                report_summary="大家准时到场，气氛很好。新朋友做了自我介绍，活动后一起合影。",
                report_feedback="希望下次时间再长一点；想要更多适合新手的环节。",
                reported_at=starts + timedelta(hours=4),
            )
            if leader and size:
                points_services.award(leader, "activity_hosted", activity, scope=group, at=starts + timedelta(hours=4))
        # Two upcoming activities for the lively groups.
        if last_days <= 10:
            for week in (1, 2):
                title, slot, hours, place = formats[week % len(formats)]
                starts = _slot_moment(today + timedelta(days=7 * week), *slot)
                Activity.objects.create(
                    group=group,
                    title=title,
                    mode=Activity.Mode.OFFLINE if place else Activity.Mode.ONLINE,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=hours),
                    place=place,
                    link="" if place else "https://meeting.example.com/room/" + slug,
                    description="欢迎新朋友！第一次参加的成员请在群里报名并告诉我们你的期待。",
                    capacity=15 if place else None,
                    created_by=leader,
                )
    # Stages as operators would have set them at founding; the evaluation then moves groups by the rules.
    CommunityGroup.objects.filter(stage_changed_at__isnull=True).update(
        stage_changed_at=F("founded_at") + timedelta(days=20)
    )
    report = run_evaluation()
    context.log(
        f"Activities: {Activity.objects.count()}; lifecycle: {report.promoted} promoted, {report.proposed} proposed, "
        f"{report.warned} warned."
    )
