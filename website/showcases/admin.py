"""The moderation screens for showcase entries: the snippet listing with photos, labels and a bulk approval.

Moderators decide from the listing: each row shows the entry's first photos, its status as a label (a tag, the
live ones highlighted) and whether it is an editors' pick in words, and any selection of pending entries can be
approved at once after a confirmation page. Registered in wagtail_hooks.py.
"""

import re

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

from website.core.permissions import staff_permission_required

from .models import Entry
from .moderation import approve_entries

# Photos shown per row; the rest are counted ("+4"). Nine full photos per row would make the listing heavy.
THUMBNAILS_PER_ENTRY = 3
_ID = re.compile(r"[0-9]{1,18}")


class PhotosColumn(Column):
    """The entry's first photos as small thumbnails, each with alt text naming the entry and its place."""

    cell_template_name = "showcases/admin/photos_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        photos = list(instance.images.all())  # prefetched by the viewset's queryset
        context["photos"] = photos[:THUMBNAILS_PER_ENTRY]
        context["total"] = len(photos)
        context["more"] = max(0, len(photos) - THUMBNAILS_PER_ENTRY)
        return context


class PickColumn(Column):
    """Editors' pick in words and an icon, never Python's True/False."""

    cell_template_name = "showcases/admin/pick_cell.html"


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "image"
    menu_label = _("Showcase entries")
    add_to_admin_menu = True
    menu_order = 220
    list_filter = ["status", "picked", "showcase"]
    search_fields = ["title", "story"]

    @property
    def list_display(self):
        return [
            "title",
            PhotosColumn("photos", label=pgettext_lazy("showcase entry", "Photos")),
            "member",
            "showcase",
            StatusTagColumn(
                "get_status_display",
                label=capfirst(Entry._meta.get_field("status").verbose_name),
                sort_key="status",
                primary=lambda entry: entry.status == Entry.Status.APPROVED,
            ),
            PickColumn("picked", label=capfirst(Entry._meta.get_field("picked").verbose_name), sort_key="picked"),
            "vote_count",
            "created_at",
        ]

    def get_queryset(self, request):
        # Author and showcase on every row, and the photos in one query for the page.
        return Entry.objects.select_related("member", "showcase").prefetch_related("images")


class ApproveEntriesBulkAction(SnippetBulkAction):
    """Approve the selected entries after a confirmation; entries already decided are listed and left alone."""

    models = [Entry]
    display_name = pgettext_lazy("bulk action", "Approve")
    action_type = "approve"
    aria_label = _("Approve selected showcase entries")
    template_name = "showcases/admin/confirm_bulk_approve.html"
    action_priority = 20

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Ids come from the query string: anything that is not a plain number is ignored rather than a 500.
        ids = [value for value in object_ids if _ID.fullmatch(str(value))]
        entries = list(model.objects.filter(pk__in=ids).select_related("member", "showcase"))
        if not entries:
            raise Http404
        return entries

    def get_all_objects_in_listing_query(self, parent_id):
        return Entry.objects.filter(status=Entry.Status.PENDING).values_list("pk", flat=True)

    # Moderation rights are per model, not per entry: without them there is nothing to confirm or post.
    @method_decorator(staff_permission_required("showcases.change_entry"))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, entry):
        return self.request.user.has_perm("showcases.change_entry")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = [item for item in context["items"] if item["item"].status == Entry.Status.PENDING]
        context["decided"] = [item for item in context["items"] if item["item"].status != Entry.Status.PENDING]
        return context

    @classmethod
    def execute_action(cls, objects, **kwargs):
        action = kwargs["self"]
        return len(approve_entries(objects, user=action.request.user)), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return _("None of the selected entries was waiting for moderation; nothing changed.")
        return ngettext(
            "%(count)d showcase entry approved.", "%(count)d showcase entries approved.", num_parent_objects
        ) % {"count": num_parent_objects}
