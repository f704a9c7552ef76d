"""Demo content for the site itself: settings, the home page sections and the pages in the main menu."""

from wagtail.models import Site

from website.core.demo import register, wagtail_image
from website.core.models import SiteSettings

from .models import HomePage, StandardPage


def _link(text, url="", page=None):
    return {"text": text, "url": url, "page": page}


def _rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


@register(order=10)
def site_settings(context):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.contact_email:
        return  # Already set up; editors may have changed it since.
    settings.site_name = "同好里"
    settings.tagline = "成员自己经营的兴趣社群"
    settings.contact_email = "hello@tonghaoli.example"
    settings.footer_text = (
        "同好里是一个由成员自发组织的兴趣社群平台。社群属于成员，平台提供规则、培训、招募与曝光。\n"
        "工作日 10:00-18:00 回复邮件。"
    )
    settings.social_links = [
        ("link", {"label": "微信公众号", "url": "https://mp.weixin.qq.com/"}),
        ("link", {"label": "微博", "url": "https://weibo.com/"}),
        ("link", {"label": "小红书", "url": "https://www.xiaohongshu.com/"}),
    ]
    settings.save()
    if site.site_name != "同好里":
        site.site_name = "同好里"
        site.save(update_fields=["site_name"])


def _child_page(parent, slug, **fields):
    page = parent.get_children().filter(slug=slug).specific().first()
    if page is not None:
        return page  # Never overwrite what editors changed since.
    page = StandardPage(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@register(order=20)
def pages(context):
    home = HomePage.objects.get()
    hero_image = wagtail_image("首页横幅：周末的手作市集", seed=7)
    card_images = [
        wagtail_image("插图：新社群起步", seed=21, size=(800, 600)),
        wagtail_image("插图：社群在成长", seed=34, size=(800, 600)),
        wagtail_image("插图：核心社群", seed=55, size=(800, 600)),
    ]
    rules = _child_page(
        home,
        "rules",
        title="社群公约",
        show_in_menus=True,
        intro="每个社群都有自己的规矩，这几条是所有社群共同遵守的底线。",
        body=[
            (
                "text",
                {
                    "heading": "建群准入",
                    "body": _rich(
                        "已验证邮箱、注册满 7 天的成员可以申请发起社群；每位成员最多同时担任 3 个社群的群主。",
                        "社群名称、主题、地区和宗旨要写清楚“这个群是为谁而建”，不与现有社群重名。",
                    ),
                },
            ),
            (
                "text",
                {
                    "heading": "规模与节奏",
                    "body": _rich(
                        "一个社群最多 100 人，30 到 50 人最健康。满员后可以开候补名单，或由活跃成员带头裂变出新群。",
                        "线下活动以 10 到 15 人为宜，新朋友和老朋友大约各占一半。",
                    ),
                },
            ),
            (
                "text",
                {
                    "heading": "相处之道",
                    "body": _rich(
                        "尊重每一位成员，不发广告、不传谣言、不泄露他人隐私。",
                        "群主和管理员负责维护秩序；遇到争议，先私下沟通，再请社群运营团队协助。",
                    ),
                },
            ),
        ],
    )
    _child_page(
        home,
        "about",
        title="关于我们",
        show_in_menus=True,
        intro="同好里相信：社群属于成员，运营团队只做支持者。",
        body=[
            (
                "text",
                {
                    "heading": "我们在做什么",
                    "body": _rich(
                        "我们为兴趣社群提供一套完整的工具：建群、招新、活动、培训和激励。",
                        "运营团队把最多的精力放在少数表现突出的社群上，把它们的经验整理成指南，分享给所有群主。",
                    ),
                },
            ),
            (
                "call_to_action",
                {
                    "title": "有问题想聊聊？",
                    "text": "写信给社群运营团队，我们会在两个工作日内回复。",
                    "button": _link("发送邮件", url="mailto:hello@tonghaoli.example"),
                },
            ),
        ],
    )
    context.objects["home"] = home
    if home.body:
        return
    home.title = "首页"
    home.body = [
        (
            "hero",
            {
                "eyebrow": "兴趣社群平台",
                "title": "找到同好，一起把热爱做成事",
                "subtitle": "烘焙、观影、跑步、亲子阅读……在同好里，成员自己发起和经营兴趣社群，"
                "平台提供规则、培训、招募与曝光，陪每个社群从初建走到核心。",
                "image": hero_image,
                "primary": _link("免费注册", url="/accounts/signup/"),
                "secondary": _link("阅读社群公约", page=rules),
            },
        ),
        (
            "card_grid",
            {
                "heading": "社群的三个阶段",
                "intro": "每个社群都能看到自己所处的阶段，以及离下一阶段还差什么。",
                "cards": [
                    {
                        "title": "初建",
                        "text": "符合准入规则即可发起，门槛低，优胜劣汰。先把第一批志同道合的人聚起来。",
                        "image": card_images[0],
                        "link": _link(""),
                    },
                    {
                        "title": "成长",
                        "text": "社群活跃起来后，运营团队会介入：群主培训、活动推广和更多曝光。",
                        "image": card_images[1],
                        "link": _link(""),
                    },
                    {
                        "title": "核心",
                        "text": "成熟、稳定、持续产出的社群，获得重点支持，并作为示范在全站展示。",
                        "image": card_images[2],
                        "link": _link(""),
                    },
                ],
            },
        ),
        (
            "text",
            {
                "heading": "社群属于成员",
                "body": _rich(
                    "一个好社群，往往始于一位愿意张罗的人。你可以发起一个城市读书会、一个周末骑行队，"
                    "或是新手爸妈的互助小组。",
                    "我们不替你管理社群，而是提供你需要的工具和支持：清晰的规则、现成的培训材料、"
                    "招新海报，以及与其他群主交流的机会。",
                ),
            },
        ),
        (
            "call_to_action",
            {
                "title": "准备好认识你的同好了吗？",
                "text": "注册只需一分钟。验证邮箱后，完善资料，让同城的同好更容易找到你。",
                "button": _link("注册成为成员", url="/accounts/signup/"),
            },
        ),
    ]
    home.save_revision().publish()
