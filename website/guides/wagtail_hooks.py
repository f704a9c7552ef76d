"""Registration only: signed-in non-leaders get the "for group leaders" page instead of a login loop."""

from wagtail import hooks

from .views import leaders_only_gate


@hooks.register("on_serve_page", order=-10)
def guides_gate(next_serve_page):
    return leaders_only_gate(next_serve_page)


@hooks.register("before_serve_document")
def guide_documents_for_leaders_only(document, request):
    """A signed-in member outside the restricted collection's groups gets a plain 403, not a login loop."""
    from django.http import HttpResponseForbidden

    if not request.user.is_authenticated or request.user.is_superuser:
        return None
    for restriction in document.collection.get_view_restrictions():
        if not restriction.accept_request(request):
            return HttpResponseForbidden()
    return None
