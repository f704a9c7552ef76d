"""URL map: admin and assets outside the language prefix; member pages inside it (/ Chinese, /en/ English)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal.groups.views.activities import upcoming as upcoming_activities
from website.core import media, translation
from website.core import views as core_views
from website.home import views as home_views


def serve_page(request, path):
    """Wagtail's page view, routed through the interface language's page tree (website.core.translation.route).

    Wagtail keeps the route it finds on the request; finding it here first lets the view use ours.
    """
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = translation.route(request, path)
    return wagtail_views.serve(request, path)


# Wagtail's own front-end URLs, with its catch-all page view replaced by the one above under the same name.
wagtail_page_urls = [
    pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"
] + [re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve")]

urlpatterns = [
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon_ico, name="favicon_ico"),
    path("healthz", core_views.health, name="health"),
    path("readyz", core_views.ready, name="ready"),
]

# Private files: every request goes through the owner's access check (website.core.media).
urlpatterns += [path(settings.PRIVATE_MEDIA_URL.strip("/") + "/<path:name>", media.private_file, name="private_media")]

# Public media from local disk, in production too, unless the web server serves MEDIA_URL itself (SERVE_MEDIA=false).
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//"):
    urlpatterns += [path(settings.MEDIA_URL.strip("/") + "/<path:path>", media.public_media, name="media")]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("activities/", upcoming_activities, name="activities"),
    path("search/", home_views.search, name="search"),
    path("portal/groups/", include("portal.groups.urls")),
    path("board/", include("portal.board.urls")),
    path("portal/points/", include("portal.points.urls")),
    path("portal/notifications/", include("portal.notifications.urls")),
    path("portal/", include("portal.accounts.urls")),
    path("share/", include("website.core.share_urls")),
    path("", include(wagtail_page_urls)),
    prefix_default_language=False,
)

handler403 = "website.core.views.permission_denied"
handler404 = "website.core.views.page_not_found"
handler500 = "website.core.views.server_error"
