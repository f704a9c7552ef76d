"""The courses app's point rules and the /courses/ directory page, so every installation has one to publish under."""

from portal.points.structure import ensure_rules
from website.core.site_setup import add_index_page, step

from .models import CourseIndexPage

RULES = [
    ("course_completed", "完成课程", 50, None, "按课程设置的出勤比例完成课程；分值以课程设置为准"),
    ("course_referral", "分享课程带来新成员", 20, None, "通过你的课程分享链接注册并报名的新成员，每人一次"),
]


@step(400)
def rules_and_directory(using):
    ensure_rules(RULES, using, start=20)
    add_index_page(
        CourseIndexPage,
        using,
        title="课程",
        slug="courses",
        show_in_menus=True,
        intro="从入门到专业的微课和直播课，线上线下都有。完成课程可以获得积分。",
    )
