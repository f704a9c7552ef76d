from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "portal.groups"
    label = "groups"
    verbose_name = _("Community groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications, sharing, signals  # noqa: F401
        from .views import invitations  # noqa: F401 - accepts a pending invite link when its visitor signs in

        sharing.register()
