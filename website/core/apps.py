from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "website.core"
    label = "core"
    verbose_name = _("Site core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .site_setup import run_after_migrate

        # post_migrate is sent once per app, in INSTALLED_APPS order (by migrate, and by flush); the last app with
        # models comes after every app has its content types and permissions, so that is when setup_site runs.
        last_app = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(run_after_migrate, sender=last_app, dispatch_uid="core.setup_site")
