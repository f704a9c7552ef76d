"""Registration only: entries are moderated as snippets (status, editors' pick, bulk approval) in the admin."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from website.core.permissions import COMMUNITY_TEAM, EDITORS

from . import admin_views
from .admin import ApproveEntriesBulkAction, EntryViewSet
from .models import Entry
from .moderation import APPROVE_ACTION

register_snippet(EntryViewSet)
hooks.register("register_bulk_action", ApproveEntriesBulkAction)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "showcases/photos/<int:pk>/thumbnail/",
            admin_views.entry_photo_thumbnail,
            name="showcase_entry_photo_thumbnail",
        )
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(APPROVE_ACTION, _("Approve showcase entry"), pgettext_lazy("decision", "Approved"))


@hooks.register("register_staff_permissions")
def staff_permissions():
    codenames = ["showcases.view_entry", "showcases.change_entry"]
    return {EDITORS: codenames, COMMUNITY_TEAM: codenames}


@hooks.register("points_source_querysets")
def points_source_querysets():
    return [Entry.objects.select_related("showcase")]
