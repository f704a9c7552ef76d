from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Member accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from website.core import sharing

        from . import referrals, signals  # noqa: F401

        # Share links and posters of signed-in members carry their token (website.core.sharing sits below accounts).
        sharing.register_link_signer(referrals.with_ref)
