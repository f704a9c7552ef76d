from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "website.guides"
    label = "guides"
    verbose_name = _("Leader guides")
    default_auto_field = "django.db.models.BigAutoField"
