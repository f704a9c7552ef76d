"""Demo content for the site itself: settings, the home page sections and the pages in the main menu."""

from wagtail.models import Locale, Site

from website.core.models import SiteSettings
from website.home.models import HomePage, StandardPage

from .core import Artwork, refresh_file, register, wagtail_image


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
    # The Chinese original; once the English tree is started there is a home page per language.
    home = HomePage.objects.get(locale=Locale.get_default())
    hero_image = wagtail_image("首页横幅：周末的手作市集", seed=7, subject="market")
    card_images = [
        wagtail_image("插图：新社群起步", seed=21, size=(800, 600), subject="seedling"),
        wagtail_image("插图：社群在成长", seed=34, size=(800, 600), subject="sapling"),
        wagtail_image("插图：核心社群", seed=55, size=(800, 600), subject="tree"),
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


def _index(model):
    return model.objects.filter(locale=Locale.get_default()).first()


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _entry_art(text, index, number, showcase_title):
    """An entry's picture shows its own subject ("南瓜吐司": bread), else its showcase's theme."""
    entry_title = text.ENTRY_TITLES[(index * 6 + number) % len(text.ENTRY_TITLES)]
    return Artwork(f"{entry_title} {showcase_title}", seed=700 + index * 10 + number, size=(900, 900))


def _redraw_programme_art(text):
    """Give the covers and entries an earlier demo run made the current drawings, keeping every record as it is."""
    from website.showcases.models import Entry

    for order, course in enumerate(text.COURSES):
        wagtail_image(f"课程封面：{course[1]}", seed=500 + order)
    for index, (slug, title, *_rest) in enumerate(text.SHOWCASES):
        wagtail_image(f"作品展封面：{title}", seed=600 + index)
        entries = Entry.objects.filter(showcase__slug=slug).order_by("created_at", "pk")[: 6 if index == 0 else 4]
        for number, entry in enumerate(entries):
            picture = entry.images.order_by("pk").first()
            art = _entry_art(text, index, number, title)
            if picture is not None and refresh_file(picture, "image", art, f"entry-{index}-{number}.jpg"):
                picture.save(update_fields=["image"])


@register(order=400)
def programme_content(context):
    """Courses, calls, guides, showcases and featured groups, so every section of the site has believable content."""
    import random
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from courses.models import CourseIndexPage, CoursePage, CourseSession
    from portal.groups.models import CommunityGroup, Topic
    from recruitment.models import CallQuestion, RecruitmentCallPage, RecruitmentIndexPage
    from website.featured.models import FeaturedGroupIndexPage, FeaturedGroupPage
    from website.guides.models import LeaderGuideIndexPage, LeaderGuidePage
    from website.showcases import services as showcase_services
    from website.showcases.models import ShowcaseIndexPage, ShowcasePage

    from . import content as text

    if CoursePage.objects.exists():
        _redraw_programme_art(text)
        return
    now = timezone.now()
    rng = random.Random(400)
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    User = get_user_model()
    members = list(User.objects.filter(is_staff=False, email__startswith="member")[:80])

    course_index = _index(CourseIndexPage)
    for order, (
        slug,
        title,
        summary,
        level,
        mode,
        topic,
        lecturer,
        bio,
        first_in,
        count,
        capacity,
        audience,
    ) in enumerate(text.COURSES):
        course = CoursePage(
            title=title,
            slug=slug,
            summary=summary,
            level=level,
            mode=mode,
            topic=topics.get(topic),
            lecturer_name=lecturer,
            lecturer_bio=bio,
            cover=wagtail_image(f"课程封面：{title}", seed=500 + order),
            capacity=capacity,
            audience=audience,
            enrol_closes=now + timedelta(days=first_in) if first_in > 0 else None,
            body=[("text", {"heading": "你会学到什么", "body": _rich(summary, "每节课后有小作业，讲师会逐一点评。")})],
        )
        for number in range(count):
            starts = timezone.localtime(now + timedelta(days=first_in + 7 * number)).replace(
                hour=19, minute=30, second=0, microsecond=0
            )
            course.sessions.add(
                CourseSession(
                    title=f"第 {number + 1} 课",
                    starts_at=starts,
                    duration_minutes=90,
                    place="" if mode == "online" else "杭州·同好里活动室",
                    link="https://meeting.example.com/course/" + slug if mode == "online" else "",
                )
            )
        _publish(course_index, course)

    call_index = _index(RecruitmentIndexPage)
    for slug, title, role, summary, quota, opens, closes, questions in text.CALLS:
        call = RecruitmentCallPage(
            title=title,
            slug=slug,
            role=role,
            summary=summary,
            requirements=_rich("热爱你的领域，愿意每周投入 3 到 5 小时。", "有组织活动或分享经验者优先。"),
            benefits=_rich(
                "系统培训与现成的培训资料", "宣传海报与活动物料", "活动门票和周边奖励", "与产品团队直接交流"
            ),
            quota=quota,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes),
        )
        for sort, (label, field_type) in enumerate(questions):
            call.questions.add(CallQuestion(label=label, field_type=field_type, required=True, sort_order=sort))
        _publish(call_index, call)

    library = _index(LeaderGuideIndexPage)
    collection = Collection.objects.filter(name="群主指南资料").first() or Collection.get_first_root_node()
    template = get_document_model().objects.filter(title="活动报名表模板").first()
    if template is None:
        content = "姓名,手机号,是否第一次参加,想认识什么样的朋友\n".encode("utf-8-sig")
        template = get_document_model().objects.create(
            title="活动报名表模板", collection=collection, file=ContentFile(content, name="activity-signup.csv")
        )
    for slug, title, category, summary, paragraphs in text.GUIDES:
        guide = LeaderGuidePage(
            title=title,
            slug=slug,
            category=category,
            summary=summary,
            body=[("text", {"heading": "", "body": _rich(*paragraphs)})],
            downloads=[("download", {"title": "活动报名表模板（CSV）", "document": template})]
            if category == "activities"
            else [],
        )
        _publish(library, guide)

    showcase_index = _index(ShowcaseIndexPage)
    for index, (slug, title, kind, theme, start, days) in enumerate(text.SHOWCASES):
        showcase = ShowcasePage(
            title=title,
            slug=slug,
            kind=kind,
            theme=theme,
            cover=wagtail_image(f"作品展封面：{title}", seed=600 + index),
            rules=_rich("每人每期最多投稿 3 件，图片 1 到 9 张。", "作品须为本人原创，投稿后由编辑审核上线。"),
            prizes=_rich("点赞前三名：社群定制帆布袋", "编辑精选：作者专访 + 200 积分"),
            submissions_open=now + timedelta(days=start),
            submissions_close=now + timedelta(days=start + abs(days)),
            voting_open=now + timedelta(days=start),
            voting_close=now + timedelta(days=start + abs(days) + 3),
            moderate_entries=True,
        )
        _publish(showcase_index, showcase)
        # Entries were submitted while the showcase was open; moderation then approved them.
        for number in range(6 if index == 0 else 4):
            author = members[(index * 7 + number * 3) % len(members)]
            images = [_entry_art(text, index, number, title).file(f"entry-{index}-{number}.jpg")]
            entry = showcase.entries.create(
                member=author,
                title=text.ENTRY_TITLES[(index * 6 + number) % len(text.ENTRY_TITLES)],
                story=text.ENTRY_STORY,
                created_at=now + timedelta(days=start + number),
            )
            entry.images.create(image=images[0])
            entry.status, entry.picked = "approved", number == 0
            entry.save()
            voters = rng.sample([m for m in members if m.pk != author.pk], rng.randint(2, 14))
            if showcase.voting_is_open():
                for voter in voters:
                    showcase_services.toggle_vote(entry, voter)
            else:
                entry.votes.bulk_create([entry.votes.model(entry=entry, member=v) for v in voters])
                type(entry).objects.filter(pk=entry.pk).update(vote_count=len(voters))
    # Closed showcases are settled as the hourly job would have done: their authors hold their vote points.
    showcase_services.pay_due_vote_points()

    featured_index = _index(FeaturedGroupIndexPage)
    stories = {
        "hz-baking": (
            "从 5 个人的厨房到 46 人的烘焙社",
            "林小雨最初只是想找人一起练习欧包。两年后，杭州周末烘焙社每周都有活动，新手由老成员一对一带着上手。",
        ),
        "sh-classic-film": (
            "一群人，一块幕布，一百部老电影",
            "每月两场放映，片单由成员投票决定。看完不散场，留下来聊一个小时是这里的传统。",
        ),
    }
    for slug, (headline, story) in stories.items():
        group = CommunityGroup.objects.filter(slug=slug, stage="core").first()
        if group is None:
            continue
        page = FeaturedGroupPage(
            title=group.name,
            slug=f"featured-{slug}",
            group=group,
            headline=headline,
            story=_rich(story, "运营团队的点评：稳定的活动节奏和对新人的耐心，是它成为核心社群的关键。"),
        )
        featured_index.add_child(instance=page)
        # The demo publishes directly; on a live site these pages pass the two-step review workflow.
        page.save_revision().publish()


@register(order=410)
def menu_order(context):
    """Put the member-facing sections first in the main menu."""
    from wagtail.models import Page

    home = HomePage.objects.get(locale=Locale.get_default())
    wanted = ["groups", "courses", "showcases", "featured", "recruitment", "about", "rules"]
    children = {page.slug: page for page in home.get_children()}
    if [p.slug for p in home.get_children() if p.slug in wanted] == [s for s in wanted if s in children]:
        return
    for slug in wanted:
        page = children.get(slug)
        if page is not None:
            Page.objects.get(pk=page.pk).move(home, pos="last-child")
