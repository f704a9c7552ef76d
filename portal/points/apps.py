from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "portal.points"
    label = "points"
    verbose_name = _("Points and rewards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications, signals  # noqa: F401 - registers notification types, connects receivers
