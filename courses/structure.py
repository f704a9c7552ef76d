"""The courses app's point rules and the /courses/ directory page, so every installation has one to publish under."""

from portal.points.models import PointRule
from portal.points.structure import ensure_rules
from website.core.site_setup import add_index_page, step

from .models import CourseIndexPage

RULES = [
    ("course_completed", "完成课程", 50, None, "按课程设置的出勤比例完成课程；分值以课程设置为准"),
    # The code predates share links beyond courses (portal.accounts.referrals): any shared page now counts.
    (
        "course_referral",
        "分享带来新成员",
        20,
        None,
        "通过你分享的链接或海报注册、并首次加入社群或报名课程的新成员，每人一次",
    ),
]
# The rule's first wording, for courses only: replaced where the community team left it as it was.
OLD_REFERRAL_WORDING = ("分享课程带来新成员", "通过你的课程分享链接注册并报名的新成员，每人一次")


@step(400)
def rules_and_directory(using):
    ensure_rules(RULES, using, start=20)
    _, name, _points, _cap, description = RULES[1]
    PointRule.objects.using(using).filter(
        code="course_referral", name=OLD_REFERRAL_WORDING[0], description=OLD_REFERRAL_WORDING[1]
    ).update(name=name, description=description)
    add_index_page(
        CourseIndexPage,
        using,
        title="课程",
        slug="courses",
        show_in_menus=True,
        intro="从入门到专业的微课和直播课，线上线下都有。完成课程可以获得积分。",
    )
