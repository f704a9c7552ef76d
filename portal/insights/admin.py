"""The insights dashboard's place in the admin menu; registered in wagtail_hooks.py."""

from wagtail.admin.menu import MenuItem


class InsightsMenuItem(MenuItem):
    """Shown only to staff who may open the dashboard (insights_dashboard checks the same permission)."""

    def is_shown(self, request):
        return request.user.has_perm("insights.view_insights")
