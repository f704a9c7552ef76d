from django.urls import path, re_path

from . import activity_views, views

app_name = "groups"

SLUG = r"(?P<slug>[-\w]+)"

urlpatterns = [
    path("", views.my_groups, name="mine"),
    path("found/", views.found, name="found"),
    path("league/", views.league, name="league"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.found, name="application_edit"),
    path("transfers/<int:pk>/answer/", views.answer_transfer, name="answer_transfer"),
    path("spin-offs/<int:pk>/answer/", activity_views.answer_spin_off, name="answer_spin_off"),
    path("spin-offs/<int:pk>/move/", activity_views.move_to_spin_off, name="move_to_spin_off"),
    re_path(rf"^{SLUG}/join/$", views.join, name="join"),
    re_path(rf"^{SLUG}/withdraw/$", views.withdraw, name="withdraw"),
    re_path(rf"^{SLUG}/leave/$", views.leave, name="leave"),
    re_path(rf"^{SLUG}/manage/$", views.manage, name="manage"),
    re_path(rf"^{SLUG}/manage/requests/$", views.manage_requests, name="manage_requests"),
    re_path(rf"^{SLUG}/manage/members/$", views.manage_members, name="manage_members"),
    re_path(rf"^{SLUG}/manage/settings/$", views.manage_settings, name="manage_settings"),
    re_path(rf"^{SLUG}/manage/archive/$", views.manage_archive, name="manage_archive"),
    re_path(rf"^{SLUG}/manage/growth/$", activity_views.manage_growth, name="manage_growth"),
    re_path(rf"^{SLUG}/manage/spin-off/$", activity_views.start_spin_off, name="start_spin_off"),
    re_path(rf"^{SLUG}/manage/activities/$", activity_views.manage_activities, name="manage_activities"),
    re_path(rf"^{SLUG}/manage/activities/new/$", activity_views.activity_create, name="activity_create"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/$", activity_views.activity_detail, name="activity"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/edit/$", activity_views.activity_edit, name="activity_edit"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/rsvp/$", activity_views.rsvp, name="activity_rsvp"),
    re_path(
        rf"^{SLUG}/activities/(?P<pk>[0-9]+)/cancel-rsvp/$", activity_views.cancel_rsvp, name="activity_cancel_rsvp"
    ),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/check-in/$", activity_views.check_in, name="activity_check_in"),
    re_path(
        rf"^{SLUG}/activities/(?P<pk>[0-9]+)/attendance/$", activity_views.take_attendance, name="activity_attendance"
    ),
    re_path(
        rf"^{SLUG}/activities/(?P<pk>[0-9]+)/attendance/remove/$",
        activity_views.remove_attendance,
        name="activity_attendance_remove",
    ),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/report/$", activity_views.file_report, name="activity_report"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/cancel/$", activity_views.cancel_activity, name="activity_cancel"),
]
