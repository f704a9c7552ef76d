"""One small but complete site for the security tests: a group with its leader, a member, an activity in its check-in
window, a course with a session running now, a recruitment call, a showcase with an entry, a guide, a featured group,
a reward, an image and a document, all made with the project's factories."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.utils import timezone
from wagtail_factories import ImageFactory

from courses import services as course_services
from courses.models import CourseIndexPage
from portal.board.models import BoardTag, CheckIn, CheckInTopic, Comment, Post, Report
from portal.groups.models import CommunityGroup, GroupIndexPage, SpinOff
from portal.groups.services import invitations, leaders
from portal.points.models import Reward
from recruitment.models import RecruitmentIndexPage
from tests.factories import StaffUserFactory
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    MemberFactory,
    MembershipFactory,
    TopicFactory,
)
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import (
    CoursePageFactory,
    EntryFactory,
    FeaturedGroupPageFactory,
    GuideDocumentFactory,
    LeaderGuidePageFactory,
    RecruitmentCallPageFactory,
    ShowcasePageFactory,
    session,
)
from website.featured.models import FeaturedGroupIndexPage
from website.guides.models import LeaderGuideIndexPage
from website.home.models import HomePage
from website.showcases.models import ShowcaseIndexPage

ACTIVITY_CODE = "RIGHT1"
COURSE_CODE = "CODE01"


@dataclass
class BoardWorld:
    """The group's board: a post with a comment the member reported, a daily check-in topic with a check-in."""

    post: object
    comment: object
    report: object
    topic_post: object
    check_in: object


@dataclass
class World:
    member: object
    leader: object
    staff: object
    topic: object
    group: object
    activity: object
    application: object
    spin_off: object
    reward: object
    course: object
    call: object
    showcase: object
    entry: object
    guide: object
    featured: object
    image: object
    document: object
    board: "BoardWorld"
    invitation: object = None

    @property
    def pages(self):
        """Every kind of page a visitor can reach, indexes included."""
        return [
            HomePage.objects.get(depth=2),
            GroupIndexPage.objects.get(),
            CourseIndexPage.objects.get(),
            self.course,
            RecruitmentIndexPage.objects.get(),
            self.call,
            ShowcaseIndexPage.objects.get(),
            self.showcase,
            LeaderGuideIndexPage.objects.get(),
            self.guide,
            FeaturedGroupIndexPage.objects.get(),
            self.featured,
        ]


def build_world():
    topic = TopicFactory(name="世界共读", slug="world-reading")
    leader = MemberFactory(email="world-leader@example.com", display_name="组长阿青")
    member = MemberFactory(email="world-member@example.com", display_name="小林")
    staff = StaffUserFactory(email="world-staff@example.com", is_superuser=True)
    group = CommunityGroupFactory(
        name="西湖读书会", slug="xihu-books", topic=topic, leader=leader, join_policy=CommunityGroup.JoinPolicy.OPEN
    )
    leaders.sync_leader_group(leader)
    MembershipFactory(group=group, member=member)
    started = timezone.now() - timedelta(minutes=20)
    activity = ActivityFactory(group=group, starts_at=started, check_in_code=ACTIVITY_CODE)
    course = CoursePageFactory(
        slug="world-course", topic=topic, sessions=[session(timedelta(minutes=-10), check_in_code=COURSE_CODE)]
    )
    course_services.enrol(course, member)
    showcase = ShowcasePageFactory(slug="world-showcase")
    return World(
        member=member,
        leader=leader,
        staff=staff,
        topic=topic,
        group=group,
        activity=activity,
        application=GroupApplicationFactory(applicant=member, topic=topic),
        spin_off=SpinOff.objects.create(from_group=group, nominee=member, proposed_by=leader, name="西湖骑行二社"),
        reward=Reward.objects.create(name="社群帆布袋", cost=0, stock=100, description="印着社群标志的帆布袋"),
        course=course,
        call=RecruitmentCallPageFactory(slug="world-call"),
        showcase=showcase,
        entry=EntryFactory(showcase=showcase, member=member),
        guide=LeaderGuidePageFactory(slug="world-guide"),
        featured=FeaturedGroupPageFactory(slug="world-featured"),
        image=ImageFactory(title="封面"),
        document=_guide_document(),
        board=_board(group, leader, member),
        invitation=invitations.create_invitation(group, leader, days=7, max_uses=10),
    )


def _board(group, leader, member):
    tag = BoardTag.objects.create(group=group, name="讨论")
    post = Post.objects.create(
        group=group, author=member, tag=tag, title="读书笔记", body="<p>第一章</p>", excerpt="第一章"
    )
    comment = Comment.objects.create(post=post, author=leader, body="写得好")
    report = Report.objects.create(group=group, reporter=leader, post=post, reason=Report.Reason.SPAM)
    topic_post = Post.objects.create(
        group=group,
        author=leader,
        kind=Post.Kind.CHECK_IN,
        title="每日阅读打卡",
        body="<p>读十页</p>",
        excerpt="读十页",
    )
    today = timezone.localdate()
    topic = CheckInTopic.objects.create(post=topic_post, starts_on=today, ends_on=today + timedelta(days=20))
    check_in = CheckIn.objects.create(topic=topic, member=leader, period=today, body="读完了")
    return BoardWorld(post=post, comment=comment, report=report, topic_post=topic_post, check_in=check_in)


def _guide_document():
    """A leaders' document, or None where document storage refuses the factory's file (then the suite uses id 1)."""
    try:
        with transaction.atomic():
            return GuideDocumentFactory()
    except SuspiciousFileOperation:
        return None
