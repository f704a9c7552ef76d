from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "portal.board"
    label = "board"
    verbose_name = _("Group boards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import participation, signals  # noqa: F401

        # Posting, commenting and checking in count as taking part in the group (groups offers the registry).
        participation.register()
