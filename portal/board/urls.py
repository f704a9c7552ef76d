"""The board's URLs, under /board/<group slug>/ in each language (mounted in website/urls.py)."""

from django.urls import path, re_path

from .views import checkins, manage, moderation, posts

app_name = "board"

GROUP = r"^(?P<slug>[-\w]+)/"
PK = r"(?P<pk>[0-9]{1,18})"

urlpatterns = [
    path("", posts.my_boards, name="mine"),
    re_path(rf"{GROUP}$", posts.board, name="index"),
    re_path(rf"{GROUP}featured/$", posts.featured, name="featured"),
    re_path(rf"{GROUP}new/$", posts.new_post, name="new_post"),
    re_path(rf"{GROUP}posts/{PK}/$", posts.post_detail, name="post"),
    re_path(rf"{GROUP}posts/{PK}/edit/$", posts.edit_post, name="edit_post"),
    re_path(rf"{GROUP}posts/{PK}/delete/$", posts.delete_post, name="delete_post"),
    re_path(rf"{GROUP}posts/{PK}/comment/$", posts.comment, name="comment"),
    re_path(rf"{GROUP}posts/{PK}/like/$", posts.like_post, name="like_post"),
    re_path(rf"{GROUP}comments/{PK}/like/$", posts.like_comment, name="like_comment"),
    re_path(rf"{GROUP}comments/{PK}/delete/$", posts.delete_comment, name="delete_comment"),
    # Moderation and reports
    re_path(rf"{GROUP}posts/{PK}/report/$", moderation.report_post, name="report_post"),
    re_path(rf"{GROUP}comments/{PK}/report/$", moderation.report_comment, name="report_comment"),
    re_path(rf"{GROUP}posts/{PK}/moderate/$", moderation.moderate_post, name="moderate_post"),
    re_path(rf"{GROUP}comments/{PK}/moderate/$", moderation.moderate_comment, name="moderate_comment"),
    re_path(rf"{GROUP}posts/{PK}/history/$", moderation.post_history, name="post_history"),
    re_path(rf"{GROUP}manage/reports/$", manage.reports, name="reports"),
    re_path(rf"{GROUP}manage/reports/{PK}/$", manage.handle_report, name="handle_report"),
    re_path(rf"{GROUP}manage/mutes/$", manage.mutes, name="mutes"),
    re_path(rf"{GROUP}manage/log/$", manage.log, name="log"),
    re_path(rf"{GROUP}manage/settings/$", manage.board_settings, name="settings"),
    # Check-in topics (a topic's page is its post's page: posts.post_detail hands it to checkins.topic_detail)
    re_path(rf"{GROUP}check-ins/new/$", checkins.new_topic, name="new_topic"),
    re_path(rf"{GROUP}posts/{PK}/check-in/$", checkins.check_in, name="check_in"),
    re_path(rf"{GROUP}check-ins/{PK}/review/$", checkins.review, name="review_check_in"),
    re_path(rf"{GROUP}check-ins/{PK}/moderate/$", checkins.moderate_check_in, name="moderate_check_in"),
]
