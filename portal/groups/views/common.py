"""What the groups views share: a group by its slug, the way back to its page."""

from django.shortcuts import get_object_or_404, redirect

from ..models import CommunityGroup


def _group_or_404(slug):
    return get_object_or_404(CommunityGroup.objects.select_related("topic"), slug=slug)


def _back_to(group):
    return redirect(group.get_absolute_url())
