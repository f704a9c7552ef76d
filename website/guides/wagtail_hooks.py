"""Registration only: signed-in non-leaders get the "for group leaders" page instead of a login loop."""

from wagtail import hooks

from .views import leaders_only_gate


@hooks.register("on_serve_page", order=-10)
def guides_gate(next_serve_page):
    return leaders_only_gate(next_serve_page)
