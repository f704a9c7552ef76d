"""Registration only: enrolments per course with a CSV export, and the community team's permissions."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from website.core.permissions import COMMUNITY_TEAM, EDITORS

from .admin import EnrolmentAdmin

modeladmin_register(EnrolmentAdmin)


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {COMMUNITY_TEAM: ["courses.view_enrolment"], EDITORS: ["courses.view_enrolment"]}
