"""A small programme to search: courses, calls, showcases, featured groups and guides about baking, reading and
hiking, with groups and activities around them, and the things no visitor may find (drafts, a password-protected
page, an archived group, a cancelled activity, activities of the archived group).

The corpus is built once for this folder's tests inside a transaction that is rolled back afterwards: pages are
published through revisions, as the admin does, so building it costs seconds, and fifty queries read it.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from portal.groups.models import Activity, CommunityGroup
from portal.groups.services import leaders
from tests.factories import stream, text_block
from tests.groups.factories import CommunityGroupFactory, MemberFactory, TopicFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import (
    CoursePageFactory,
    FeaturedGroupPageFactory,
    LeaderGuidePageFactory,
    RecruitmentCallPageFactory,
    ShowcasePageFactory,
)


@pytest.fixture(autouse=True)
def _default_language():
    """Page URLs and the search's locale follow the active language; every test starts in Simplified Chinese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _body(*paragraphs):
    return stream(*(text_block(heading="", body=f"<p>{text}</p>") for text in paragraphs))


def build_corpus():
    """The records, by short name; the name says what each one is for."""
    now = timezone.now()
    # Topics of their own: the migrations already made the usual ones (烘焙, 读书 ...).
    baking = TopicFactory(name="面团与烤箱", slug="search-baking")
    reading = TopicFactory(name="纸页之间", slug="search-reading")
    outdoors = TopicFactory(name="城市脚步", slug="search-outdoors")
    c = {}

    # Courses.
    c["bread_course"] = CoursePageFactory(
        title="烘焙入门：从零做一只面包",
        summary="四节课学会揉面、发酵和烘烤。",
        lecturer_name="麦老师",
        body=_body("第一课认识面粉与酵母，第二课学会整形。", "结课时每人带走一只自己烤的吐司。"),
    )
    c["sourdough_course"] = CoursePageFactory(
        title="欧包与酸种：天然酵母的慢发酵",
        summary="养一罐自己的酸种，烤出有嚼劲的欧包。",
        lecturer_name="林师傅",
        lecturer_bio="家庭烘焙教室主理人，教过八百多位学员。",
        body=_body("从喂养酵种开始，讲清楚冷藏慢发酵的时间表。", "适合做过基础面包的同学。"),
    )
    c["chiffon_course"] = CoursePageFactory(
        title="戚风蛋糕不塌的秘密",
        summary="蛋白打发、翻拌手法与烤温。",
        lecturer_name="周老师",
        body=_body("一只六寸戚风，从分蛋到倒扣放凉。", "学员作品会在群里打卡展示。"),
    )
    c["photo_course"] = CoursePageFactory(
        title="手机摄影：拍出好看的食物",
        summary="用窗边的自然光拍美食。",
        lecturer_name="陈老师",
        body=_body("以刚出炉的面包为例，讲侧逆光和留白。", "作业：拍一张早餐。"),
    )
    c["hiking_course"] = CoursePageFactory(
        title="城市徒步入门",
        summary="路线规划、补给与安全。",
        lecturer_name="王领队",
        body=_body("从西湖群山的一条环线开始。", "Hiking for beginners: shoes, water and a map."),
    )
    c["draft_course"] = CoursePageFactory(
        title="面包进阶：草稿", summary="还没写完的面包课。", body=_body("法棍与恰巴塔。"), publish=False
    )
    c["members_only_course"] = CoursePageFactory(
        title="会员专享：面包私房课", summary="只给会员的面包课。", body=_body("密码见群公告。")
    )
    PageViewRestriction.objects.create(
        page=c["members_only_course"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    # Recruitment calls.
    c["leader_call"] = RecruitmentCallPageFactory(
        title="招募群主：带一个烘焙社群",
        summary="我们在找愿意每周组织活动的新群主。",
        requirements="<p>热爱烘焙，每周能组织一次打卡。</p>",
        benefits="<p>群主培训、活动经费和积分奖励。</p>",
    )
    c["lecturer_call"] = RecruitmentCallPageFactory(
        title="招募讲师：英语口语角",
        summary="每月一次线上口语练习。",
        requirements="<p>英语流利，有耐心。</p>",
        benefits="<p>课时费与讲师证书。</p>",
    )

    # Showcases.
    c["bread_showcase"] = ShowcasePageFactory(
        title="秋日面包季", theme="晒出你烤的第一只面包", rules="<p>每人最多三件作品，请写明配方。</p>"
    )
    c["flower_showcase"] = ShowcasePageFactory(
        title="春日花艺展", theme="一束来自菜市场的花", rules="<p>请注明花材。</p>"
    )

    # Groups.
    c["bread_group"] = CommunityGroupFactory(
        name="城西面包研究所",
        topic=baking,
        city="杭州",
        summary="每月一次酸种面包交流。",
        description="<p>欢迎所有喜欢手作的同好。</p>",
    )
    c["book_group"] = CommunityGroupFactory(
        name="城东读书会",
        topic=reading,
        city="上海",
        summary="每周共读一本书。",
        stage=CommunityGroup.Stage.CORE,
        description="<p>读完一起写书评，也一起烤小饼干。</p>",
    )
    c["night_run_group"] = CommunityGroupFactory(
        name="夜跑同好会", topic=outdoors, city="杭州", summary="下班后沿江夜跑五公里。"
    )
    CommunityGroup.objects.filter(pk=c["night_run_group"].pk).update(dormant=True)
    c["run_group"] = CommunityGroupFactory(
        name="晨跑小分队", topic=outdoors, city="杭州", summary="和夜跑同好一起迎接日出。"
    )
    c["archived_group"] = CommunityGroupFactory(
        name="老面包群", topic=baking, city="杭州", summary="已经解散的面包群。"
    )
    c["baking_club"] = CommunityGroupFactory(
        name="烘焙社", topic=baking, city="苏州", summary="周末一起烤欧包和戚风。", stage=CommunityGroup.Stage.CORE
    )

    # Featured group pages (a page about a group, published through the approval workflow in production).
    c["featured_baking"] = FeaturedGroupPageFactory(
        title="烘焙社：周末的厨房",
        group=c["baking_club"],
        headline="二十个人的厨房",
        story="<p>群主小麦每周六带大家做欧包，新人先从戚风学起。</p>",
    )
    c["featured_books"] = FeaturedGroupPageFactory(
        title="五年不断更的读书会",
        group=c["book_group"],
        headline="一个把读书会办了五年的社群",
        story="<p>他们每周都见面，已经共读两百本书。</p>",
    )

    # Activities.
    c["tasting"] = ActivityFactory(
        group=c["bread_group"],
        title="酸种面包试吃会",
        place="城西社区厨房",
        description="每人带一只自己烤的面包来交换。",
        starts_at=now + timedelta(days=5),
    )
    c["reading_night"] = ActivityFactory(
        group=c["book_group"],
        title="周末读书分享",
        place="湖滨路茶馆",
        description="带上你喜欢的面包和咖啡。",
        starts_at=now + timedelta(days=2),
    )
    c["past_reading"] = ActivityFactory(
        group=c["book_group"],
        title="三月共读：《活着》分享会",
        place="城东图书馆",
        description="聊聊福贵的一生。",
        starts_at=now - timedelta(days=20),
    )
    c["cancelled"] = ActivityFactory(
        group=c["bread_group"],
        title="面包烘烤夜（取消）",
        description="因场地原因取消。",
        status=Activity.Status.CANCELLED,
        starts_at=now + timedelta(days=9),
    )
    c["archived_activity"] = ActivityFactory(
        group=c["archived_group"],
        title="老面包群最后一次聚会",
        description="老朋友们再聚一次。",
        starts_at=now + timedelta(days=4),
    )
    c["night_run"] = ActivityFactory(
        group=c["night_run_group"],
        title="钱塘江夜跑",
        place="钱江新城灯光秀码头",
        description="配速六分，跑完一起吃夜宵。",
        starts_at=now + timedelta(days=3),
    )
    CommunityGroup.objects.filter(pk=c["archived_group"].pk).update(
        status=CommunityGroup.Status.ARCHIVED, archived_at=now
    )

    # Leader guides (restricted to leaders by the guide index's view restriction and by the search).
    c["new_leader_guide"] = LeaderGuidePageFactory(
        title="新群主须知：第一个月做什么",
        summary="破冰、打卡与第一次线下活动。",
        body=_body("先定群规，再约一次见面。", "每周一个打卡话题，让新人有话可说。"),
    )
    c["review_guide"] = LeaderGuidePageFactory(
        title="活动复盘模板",
        summary="活动结束后的十分钟复盘。",
        body=_body("请群主记录到场人数和新人数。"),
    )
    return c


@pytest.fixture(scope="package")
def corpus(django_db_setup, django_db_blocker):
    """The corpus, built once for the tests in this folder and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        records = build_corpus()
        yield records
        transaction.set_rollback(True)


@pytest.fixture
def leader(db):
    """A member who leads a group, in the Leaders group the way the group services put them there."""
    member = MemberFactory(display_name="群主阿青")
    CommunityGroupFactory(name="阿青的小组", leader=member)
    leaders.sync_leader_group(member)
    return member
