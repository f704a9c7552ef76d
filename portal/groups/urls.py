from django.urls import path, re_path

from . import views

app_name = "groups"

SLUG = r"(?P<slug>[-\w]+)"

urlpatterns = [
    path("", views.my_groups, name="mine"),
    path("found/", views.found, name="found"),
    path("league/", views.league, name="league"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.found, name="application_edit"),
    path("transfers/<int:pk>/answer/", views.answer_transfer, name="answer_transfer"),
    re_path(rf"^{SLUG}/join/$", views.join, name="join"),
    re_path(rf"^{SLUG}/withdraw/$", views.withdraw, name="withdraw"),
    re_path(rf"^{SLUG}/leave/$", views.leave, name="leave"),
    re_path(rf"^{SLUG}/manage/$", views.manage, name="manage"),
    re_path(rf"^{SLUG}/manage/requests/$", views.manage_requests, name="manage_requests"),
    re_path(rf"^{SLUG}/manage/members/$", views.manage_members, name="manage_members"),
    re_path(rf"^{SLUG}/manage/settings/$", views.manage_settings, name="manage_settings"),
    re_path(rf"^{SLUG}/manage/archive/$", views.manage_archive, name="manage_archive"),
]
