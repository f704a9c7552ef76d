"""Applications purge the anonymous pages that show a call's figures: the call page and the recruitment index."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from website.core.page_cache import purge_pages

from .models import Application, CallCounter


@receiver(post_save, sender=Application)
@receiver(post_delete, sender=Application)
@receiver(post_save, sender=CallCounter)
@receiver(post_delete, sender=CallCounter)
def call_figures_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_call(instance.call)


def purge_call(call):
    purge_pages([call])
