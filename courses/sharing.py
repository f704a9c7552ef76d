"""What a course looks like on a share poster (website.core.sharing)."""

from django.utils.translation import gettext as _

from website.core import sharing

from .models import CoursePage


def course_card(request, pk):
    course = sharing.public_page(CoursePage, pk)
    if course is None:
        return None
    facts = [
        " · ".join(str(part) for part in (course.get_level_display(), course.get_mode_display()) if part),
        _("Lecturer: %(name)s") % {"name": course.lecturer_name},
    ]
    if course.first_session_at:
        facts.insert(0, sharing.local_time(course.first_session_at))
    return sharing.ShareCard(title=course.title, path=course.get_url(request), facts=facts, cover=course.cover)


def register():
    sharing.register("course", course_card)
