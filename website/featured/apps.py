from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeaturedConfig(AppConfig):
    name = "website.featured"
    label = "featured"
    verbose_name = _("Featured groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
