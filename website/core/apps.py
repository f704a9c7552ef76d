from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "website.core"
    label = "core"
    verbose_name = _("Site core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals, translation  # noqa: F401
        from .permissions import ensure_staff_groups

        # post_migrate is sent once per app, in INSTALLED_APPS order; the last app with models comes after every
        # app has created its permissions, so that is when the staff groups can be given them all.
        last_app = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(ensure_staff_groups, sender=last_app, dispatch_uid="core.ensure_staff_groups")
