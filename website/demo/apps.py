from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Only here so that ``load_demo_data`` is found as a management command; the demo has no models."""

    name = "website.demo"
    label = "demo"
    verbose_name = _("Demo site")
