from django.urls import path, re_path

from .views import activities, directory, founding, invitations, manage, membership

app_name = "groups"

SLUG = r"(?P<slug>[-\w]+)"

urlpatterns = [
    path("", directory.my_groups, name="mine"),
    path("found/", founding.found, name="found"),
    path("league/", directory.league, name="league"),
    path("applications/<int:pk>/", founding.application_detail, name="application"),
    path("applications/<int:pk>/edit/", founding.found, name="application_edit"),
    path("transfers/<int:pk>/answer/", membership.answer_transfer, name="answer_transfer"),
    path("spin-offs/<int:pk>/answer/", activities.answer_spin_off, name="answer_spin_off"),
    path("spin-offs/<int:pk>/move/", activities.move_to_spin_off, name="move_to_spin_off"),
    re_path(rf"^{SLUG}/invitations/$", invitations.invitations, name="invitations"),
    re_path(rf"^{SLUG}/invitations/(?P<pk>[0-9]+)/revoke/$", invitations.revoke, name="invitation_revoke"),
    # After the group's own pages, so a group whose slug is "invite" keeps its invitations page.
    re_path(r"^invite/(?P<code>[-\w]{1,64})/$", invitations.landing, name="invitation"),
    re_path(rf"^{SLUG}/join/$", membership.join, name="join"),
    re_path(rf"^{SLUG}/withdraw/$", membership.withdraw, name="withdraw"),
    re_path(rf"^{SLUG}/leave/$", membership.leave, name="leave"),
    re_path(rf"^{SLUG}/manage/$", manage.manage, name="manage"),
    re_path(rf"^{SLUG}/manage/requests/$", manage.manage_requests, name="manage_requests"),
    re_path(rf"^{SLUG}/manage/members/$", manage.manage_members, name="manage_members"),
    re_path(rf"^{SLUG}/manage/settings/$", manage.manage_settings, name="manage_settings"),
    re_path(rf"^{SLUG}/manage/archive/$", manage.manage_archive, name="manage_archive"),
    re_path(rf"^{SLUG}/manage/growth/$", activities.manage_growth, name="manage_growth"),
    re_path(rf"^{SLUG}/manage/spin-off/$", activities.start_spin_off, name="start_spin_off"),
    re_path(rf"^{SLUG}/manage/activities/$", activities.manage_activities, name="manage_activities"),
    re_path(rf"^{SLUG}/manage/activities/new/$", activities.activity_create, name="activity_create"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/$", activities.activity_detail, name="activity"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/edit/$", activities.activity_edit, name="activity_edit"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/rsvp/$", activities.rsvp, name="activity_rsvp"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/cancel-rsvp/$", activities.cancel_rsvp, name="activity_cancel_rsvp"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/check-in/$", activities.check_in, name="activity_check_in"),
    re_path(
        rf"^{SLUG}/activities/(?P<pk>[0-9]+)/attendance/$", activities.take_attendance, name="activity_attendance"
    ),
    re_path(
        rf"^{SLUG}/activities/(?P<pk>[0-9]+)/attendance/remove/$",
        activities.remove_attendance,
        name="activity_attendance_remove",
    ),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/report/$", activities.file_report, name="activity_report"),
    re_path(rf"^{SLUG}/activities/(?P<pk>[0-9]+)/cancel/$", activities.cancel_activity, name="activity_cancel"),
]
