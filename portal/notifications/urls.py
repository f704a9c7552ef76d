"""The notification centre's URLs, under /portal/notifications/ in each language (mounted in website/urls.py)."""

from django.urls import path, re_path

from . import views

app_name = "notifications"

# At most 18 digits: every such id fits a bigint, so a huge number is a 404 rather than a database error.
PK = r"(?P<pk>[0-9]{1,18})"

urlpatterns = [
    path("", views.notification_list, name="list"),
    re_path(rf"^{PK}/open/$", views.open_notification, name="open"),
    re_path(rf"^{PK}/read/$", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    re_path(r"^unsubscribe/(?P<token>[^/]+)/$", views.unsubscribe_view, name="unsubscribe"),
]
