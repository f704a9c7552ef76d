from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcasesConfig(AppConfig):
    name = "website.showcases"
    label = "showcases"
    verbose_name = _("Showcases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications, sharing, signals  # noqa: F401

        sharing.register()
