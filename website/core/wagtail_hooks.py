"""Admin registrations for the site core: the admin wears the product's colours; staff see the failed tasks."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import tasks_admin
from .permissions import COMMUNITY_TEAM


@hooks.register("insert_global_admin_css")
def admin_palette_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_accessibility_js():
    """Names Draftail's editable areas after their field labels (see static/js/admin.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin.js"))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("failed-tasks/", tasks_admin.failed_tasks, name="core_failed_tasks"),
        path("failed-tasks/<uuid:result_id>/retry/", tasks_admin.retry_failed_task, name="core_failed_task_retry"),
    ]


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item():
    return tasks_admin.FailedTasksMenuItem(
        _("Failed tasks"), reverse("core_failed_tasks"), icon_name="warning", order=900
    )


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {COMMUNITY_TEAM: [tasks_admin.VIEW_PERMISSION, tasks_admin.RETRY_PERMISSION]}


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(tasks_admin.RETRY_ACTION, _("Retry a failed task"), _("Failed task queued again"))
