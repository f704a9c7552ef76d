from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "portal.board"
    label = "board"
    verbose_name = _("Group boards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail import hooks

        from . import dashboard, notifications, participation, sections, sharing, signals  # noqa: F401

        # Posting, commenting and checking in count as taking part in the group (groups offers the registry).
        participation.register()
        sharing.register()
        # Where the board shows on the lower apps' pages, through the hooks they offer (they never import the board).
        hooks.register("group_page_sections", sections.group_page_section)
        hooks.register("member_profile_sections", sections.member_profile_section)
        hooks.register("member_dashboard_panels", dashboard.board_panel, order=10)
