"""Registration only: featured pages go live through their workflow, never by a direct "Publish"."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail import hooks

from .models import FeaturedGroupPage

# Marked for translation here; translated where shown.
REFUSED = gettext_noop("Featured groups are published through the review workflow: submit it instead.")


def _direct_publish(request):
    return request.method == "POST" and "action-publish" in request.POST and not request.user.is_superuser


def _save_as_draft_instead(request):
    """Turn a direct "Publish" into "Save draft": the work is kept, and the workflow decides when it goes live."""
    request.POST = request.POST.copy()
    request.POST.pop("action-publish", None)
    messages.warning(request, _(REFUSED))


@hooks.register("before_edit_page")
def before_edit(request, page):
    if isinstance(page.specific, FeaturedGroupPage) and _direct_publish(request):
        _save_as_draft_instead(request)


@hooks.register("before_create_page")
def before_create(request, parent_page, page_class):
    if page_class is FeaturedGroupPage and _direct_publish(request):
        _save_as_draft_instead(request)


@hooks.register("construct_page_action_menu")
def hide_publish(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.specific_class is FeaturedGroupPage and not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
