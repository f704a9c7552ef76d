"""Site-wide settings editors change in the admin; shared page mixins live beside them as they appear."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=30, help_text=_("For example 微信公众号, 微博 or 小红书."))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Social link")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=60, default="社群运营")
    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    footer_text = models.TextField(_("footer text"), max_length=500, blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], verbose_name=_("social links"), blank=True, max_num=8)

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("tagline")], heading=_("Identity")),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_site(cls, site):
        """Read through the cache: every page shows these, and they change only when an editor saves them."""
        from django.core.cache import cache

        from .cache import fragment_version
        from .memo import memoised

        key = f"site-fragments:site-settings:{site.pk}:{fragment_version()}"

        def read():
            instance = cache.get(key)
            if instance is None:
                instance = super(SiteSettings, cls).for_site(site)
                cache.set(key, instance, 3600)
            return instance

        # Once per request: the header, the footer and the share card each ask for them.
        return memoised(key, read)


class JobLock(models.Model):
    """A named lock row so a scheduled job refuses to run twice at once, on any database and any number of servers."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    name = models.CharField(max_length=60, primary_key=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("job lock")
        verbose_name_plural = _("job locks")

    def __str__(self):
        return self.name
