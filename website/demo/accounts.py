"""Demo members and staff, with verified e-mail addresses so they can log in at once."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.accounts.models import User
from website.core.permissions import COMMUNITY_TEAM, EDITORS

from .core import avatar_artwork, refresh_file, register

MEMBERS = [
    # e-mail, display name, city, interests, bio, visibility
    (
        "lin.xiaoyu@example.com",
        "林小雨",
        "杭州",
        "烘焙, 手作, 周末市集",
        "在杭州开了五年家庭烘焙课，喜欢把失败的面包也拍下来。",
        "public",
    ),
    (
        "zhou.hang@example.com",
        "周航",
        "上海",
        "电影, 影评, 胶片摄影",
        "每周至少看两部老电影，正在攒一份华语片单。",
        "public",
    ),
    (
        "chen.jing@example.com",
        "陈静",
        "成都",
        "亲子阅读, 绘本",
        "两个孩子的妈妈，周末在社区图书馆带绘本共读。",
        "members",
    ),
    ("wang.lei@example.com", "王磊", "北京", "跑步, 越野, 骑行", "跑过 6 个全马，最喜欢香山的晨跑路线。", "members"),
    ("zhao.min@example.com", "赵敏", "广州", "茶, 书法", "", "members"),
    ("sun.yifan@example.com", "孙一帆", "深圳", "", "", "private"),
]

STAFF = ("yunying@example.com", "运营 · 小唐", "上海")
ADMIN = ("admin@example.com", "系统管理员", "")


def _account(context, email, **fields):
    user = User.objects.filter(email=email).first()
    if user is None:
        # Created once; later runs leave what the developer changed (password, profile) alone.
        user = User(email=email, **fields)
        user.set_password(context.password)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@register(order=100)
def members(context):
    made = []
    for index, (email, name, city, interests, bio, visibility) in enumerate(MEMBERS):
        user = _account(
            context, email, display_name=name, city=city, interests=interests, bio=bio, profile_visibility=visibility
        )
        # Not everyone uploads a photo: the last two members keep the initials placeholder.
        if index < 4 and refresh_file(
            user, "avatar", avatar_artwork(index * 13 + 5), "avatar.jpg", legacy_format="PNG"
        ):
            user.save()
        made.append(user)
    context.objects["members"] = made
    context.logins.append(("成员 / member", MEMBERS[0][0]))

    email, name, city = STAFF
    staff = _account(context, email, display_name=name, city=city, is_staff=True)
    staff.groups.add(*Group.objects.filter(name__in=[EDITORS, COMMUNITY_TEAM]))
    context.objects["staff"] = staff
    context.logins.append(("运营编辑 / staff editor", email))

    email, name, _city = ADMIN
    _account(context, email, display_name=name, is_staff=True, is_superuser=True)
    context.logins.append(("超级管理员 / superuser", email))
