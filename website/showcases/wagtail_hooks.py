"""Registration only: entries are moderated as snippets (status, editors' pick) in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from website.core.permissions import COMMUNITY_TEAM, EDITORS

from .models import Entry


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "image"
    menu_label = _("Showcase entries")
    add_to_admin_menu = True
    menu_order = 220
    list_display = ["title", "member", "showcase", "status", "picked", "vote_count", "created_at"]
    list_filter = ["status", "picked", "showcase"]
    search_fields = ["title", "story"]


register_snippet(EntryViewSet)


@hooks.register("register_staff_permissions")
def staff_permissions():
    codenames = ["showcases.view_entry", "showcases.change_entry"]
    return {EDITORS: codenames, COMMUNITY_TEAM: codenames}


@hooks.register("points_source_querysets")
def points_source_querysets():
    return [Entry.objects.select_related("showcase")]
