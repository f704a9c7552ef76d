"""Demo groups: fourteen groups over several topics, cities and stages, with members, requests and a waitlist."""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.groups.models import CommunityGroup, GroupApplication, JoinRequest, Membership, Topic

from .core import Artwork, image_file, refresh_file, register

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = [
    "子涵",
    "雨桐",
    "欣怡",
    "梓萱",
    "浩然",
    "宇轩",
    "一诺",
    "思远",
    "佳怡",
    "俊杰",
    "晓雯",
    "嘉懿",
    "若曦",
    "明轩",
    "诗琪",
    "天佑",
    "可馨",
    "博文",
    "语嫣",
    "志强",
    "婉清",
    "景行",
    "沐阳",
    "安然",
    "书瑶",
    "锦程",
    "乐彤",
    "泽宇",
]
CITIES = ["杭州", "上海", "成都", "北京", "广州", "深圳", "南京", "武汉", "西安", "苏州", "厦门", "长沙", "重庆"]

# slug, name, topic, city, stage, join policy, capacity, members, leader e-mail (None: a generated member), summary
GROUPS = [
    (
        "hz-baking",
        "杭州周末烘焙社",
        "baking",
        "杭州",
        "core",
        "approval",
        100,
        46,
        "lin.xiaoyu@example.com",
        "每周六下午一起烤面包、做甜点，新手也能跟着老成员上手。",
    ),
    (
        "sh-classic-film",
        "上海老电影放映会",
        "film",
        "上海",
        "core",
        "approval",
        60,
        38,
        "zhou.hang@example.com",
        "每月两场老电影放映，看完一起聊，片单由成员投票决定。",
    ),
    (
        "cd-picture-books",
        "成都绘本共读小组",
        "parenting",
        "成都",
        "growing",
        "approval",
        40,
        24,
        "chen.jing@example.com",
        "周末在社区图书馆带孩子读绘本，家长互相交换好书。",
    ),
    (
        "bj-xiangshan-run",
        "北京香山晨跑团",
        "sports",
        "北京",
        "growing",
        "open",
        50,
        31,
        "wang.lei@example.com",
        "周三、周日清晨香山脚下集合，5 到 10 公里，配速不设门槛。",
    ),
    (
        "gz-tea-calligraphy",
        "广州茶与书法",
        "crafts",
        "广州",
        "new",
        "approval",
        30,
        9,
        "zhao.min@example.com",
        "一壶茶、一张纸，周末一起临帖，慢下来。",
    ),
    (
        "sz-film-lab",
        "深圳胶片摄影实验室",
        "photography",
        "深圳",
        "growing",
        "open",
        40,
        40,
        None,
        "分享胶片冲扫经验，每月一次城市扫街，器材可以互借。",
    ),
    (
        "nj-city-wall-hike",
        "南京城墙徒步队",
        "outdoor",
        "南京",
        "new",
        "open",
        100,
        12,
        None,
        "用脚步丈量明城墙，每次一段，顺便聊聊城墙背后的故事。",
    ),
    (
        "wh-guitar",
        "武汉吉他弹唱角",
        "music",
        "武汉",
        "new",
        "approval",
        50,
        7,
        None,
        "下班后的弹唱角落，零基础欢迎，老手带新手。",
    ),
    (
        "xa-stray-cats",
        "西安流浪猫守护者",
        "pets",
        "西安",
        "growing",
        "approval",
        80,
        27,
        None,
        "校园与小区流浪猫的投喂、绝育和领养，一起做靠谱的小事。",
    ),
    (
        "sz-old-street",
        "苏州老街坊邻里会",
        "local",
        "苏州",
        "new",
        "invitation",
        60,
        15,
        None,
        "平江路一带的老邻居，互通有无，逢年过节一起热闹。",
    ),
    (
        "xm-pm-reading",
        "厦门产品经理夜读",
        "career",
        "厦门",
        "new",
        "approval",
        50,
        6,
        None,
        "每周二晚上共读一章产品与设计好书，轮流主持分享。",
    ),
    (
        "hz-westlake-cycling",
        "杭州西湖骑行俱乐部",
        "sports",
        "杭州",
        "core",
        "open",
        100,
        58,
        None,
        "环湖、登山、跨城，周末骑行路线每周更新，安全第一。",
    ),
    (
        "cs-new-mums",
        "长沙新手妈妈互助群",
        "parenting",
        "长沙",
        "new",
        "open",
        100,
        4,
        None,
        "新手爸妈的互助角落：喂养、睡眠、早教，互相打气。",
    ),
    (
        "cq-mountain-books",
        "重庆山城读书会",
        "reading",
        "重庆",
        "growing",
        "approval",
        50,
        33,
        None,
        "每月一本书，线下茶馆见面，线上每周打卡。",
    ),
]

QUESTIONS = {
    "approval": ["你为什么想加入我们？", "你平时多久能参加一次活动？"],
}
GENERATED_MEMBERS = 220


def _draw_qr(seed, size=240, cells=21):
    """A QR-like placeholder: demo groups have no real chat to join."""
    rng = random.Random(seed)
    cell = size // (cells + 4)
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    offset = 2 * cell
    for y in range(cells):
        for x in range(cells):
            finder = any(x0 <= x < x0 + 7 and y0 <= y < y0 + 7 for x0, y0 in ((0, 0), (cells - 7, 0), (0, cells - 7)))
            if finder:
                fx, fy = x % 7 if x < 7 else (x - (cells - 7)) % 7, y % 7 if y < 7 else (y - (cells - 7)) % 7
                on = fx in (0, 6) or fy in (0, 6) or (2 <= fx <= 4 and 2 <= fy <= 4)
            else:
                on = rng.random() < 0.45
            if on:
                box = [offset + x * cell, offset + y * cell, offset + (x + 1) * cell - 1, offset + (y + 1) * cell - 1]
                draw.rectangle(box, fill="black")
    return image


def _generated_members(context):
    """Two hundred members with plain profiles, created in bulk, joined over the last year."""
    User = get_user_model()
    existing = set(User.objects.filter(email__startswith="member").values_list("email", flat=True))
    rng = random.Random(2026)
    password = make_password(context.password)
    now = timezone.now()
    new_users = []
    for i in range(1, GENERATED_MEMBERS + 1):
        email = f"member{i:03d}@example.com"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if email in existing:
            continue
        new_users.append(
            User(
                email=email,
                password=password,
                display_name=name,
                city=rng.choice(CITIES),
                # A steady trickle of sign-ups over the last year, so weekly cohorts have members.
                date_joined=now - timedelta(days=rng.randint(3, 400)),
            )
        )
    User.objects.bulk_create(new_users)
    members = list(User.objects.filter(email__startswith="member").order_by("email"))
    have_address = set(EmailAddress.objects.filter(user__in=members).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in members if u.pk not in have_address]
    )
    return members


@register(order=200)
def groups(context):
    User = get_user_model()
    pool = _generated_members(context)
    named = {u.email: u for u in User.objects.filter(email__in=[g[8] for g in GROUPS if g[8]])}
    topics = {t.slug: t for t in Topic.objects.all()}
    rng = random.Random(7)
    now = timezone.now()
    # Named demo accounts are older than the admission rules' minimum age, so they can found groups at once.
    User.objects.filter(email__in=list(named), date_joined__gt=now - timedelta(days=30)).update(
        date_joined=now - timedelta(days=120)
    )
    for index, (slug, name, topic, city, stage, policy, capacity, size, leader_email, summary) in enumerate(GROUPS):
        cover = Artwork(name, seed=100 + index, size=(1200, 600), topic=topic)
        existing = CommunityGroup.objects.filter(slug=slug).first()
        if existing is not None:
            if refresh_file(existing, "cover", cover, f"{slug}.jpg"):  # Art from an earlier demo version.
                existing.save(update_fields=["cover"])
            continue
        leader = named.get(leader_email) or pool[index]
        founded = now - timedelta(days=30 + 40 * (len(GROUPS) - index))
        group = CommunityGroup(
            name=name,
            slug=slug,
            topic=topics[topic],
            city=city,
            summary=summary,
            description=(
                f"<p>{summary}</p><p>我们相信<b>社群属于每一位成员</b>。加入后请先在群里做个自我介绍，"
                "说说你为什么来、想一起做点什么。</p><ul><li>每月至少一次线下或线上活动</li>"
                "<li>新朋友和老朋友一起参加，大约各占一半</li><li>有想法随时找群主聊</li></ul>"
            ),
            join_policy=policy,
            join_questions=QUESTIONS.get(policy, []),
            capacity=capacity,
            stage=stage,
            founder=leader,
            founded_at=founded,
            chat_instructions="扫码加入微信群，入群后请把群昵称改为“城市-昵称”。",
            meeting_place=f"{city}市内，每次活动前在群里公布具体地点",
        )
        group.cover.save(f"{slug}.jpg", cover.file(f"{slug}.jpg"), save=False)
        group.chat_qr.save(f"{slug}-qr.png", image_file(_draw_qr(index), f"{slug}-qr.png", "PNG"), save=False)
        group.save()
        others = [u for u in pool if u.pk != leader.pk]
        rng.shuffle(others)
        seated = others[: size - 1]
        memberships = [Membership(group=group, member=leader, role=Membership.Role.LEADER, joined_at=founded)]
        for position, member in enumerate(seated):
            role = Membership.Role.CO_LEADER if position == 0 and size > 20 else Membership.Role.MEMBER
            joined = founded + timedelta(days=rng.randint(1, max(2, (now - founded).days - 1)))
            joined = max(joined, member.date_joined + timedelta(hours=rng.randint(2, 72)))
            memberships.append(Membership(group=group, member=member, role=role, joined_at=joined))
        Membership.objects.bulk_create(memberships)
        band = "below" if size < 30 else "above" if size > 50 else "within"
        CommunityGroup.objects.filter(pk=group.pk).update(member_count=len(memberships), size_band=band)

        waiting = others[size - 1 : size + 5]
        if policy == "approval":
            for member in waiting[:3]:
                JoinRequest.objects.create(
                    group=group,
                    member=member,
                    answers=[
                        {
                            "question": QUESTIONS["approval"][0],
                            "answer": f"在{city}生活，想认识一起{topics[topic].name}的朋友。",
                        },
                        {"question": QUESTIONS["approval"][1], "answer": "周末基本都有空，工作日晚上也可以。"},
                    ],
                    created_at=now - timedelta(hours=rng.randint(2, 72)),
                )
        elif size >= capacity:
            for hours, member in enumerate(waiting[:3]):
                JoinRequest.objects.create(
                    group=group,
                    member=member,
                    status=JoinRequest.Status.WAITLISTED,
                    waitlisted_at=now - timedelta(hours=30 - hours * 5),
                )

    from portal.groups.services.leaders import sync_leader_group

    sync_leader_group(*User.objects.filter(memberships__role__in=["leader", "co_leader"]).distinct())

    # One application waiting for the community team, so the review queue is not empty.
    applicant = User.objects.filter(email="sun.yifan@example.com").first()
    if applicant and not GroupApplication.objects.filter(applicant=applicant).exists():
        GroupApplication.objects.create(
            applicant=applicant,
            name="深圳湾桨板小队",
            topic=topics["outdoor"],
            city="深圳",
            purpose="给想尝试桨板的上班族一个安全、便宜的入门圈子：结伴租板、拼教练、交流装备。",
            planned_activities="每月两次周末清晨下水；第一个月请持证教练做两次安全课；夏天组织一次夜划。",
            expected_size=30,
        )
    context.log(f"Groups: {CommunityGroup.objects.count()}, memberships: {Membership.objects.active().count()}")
