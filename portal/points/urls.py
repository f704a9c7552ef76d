from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("", views.my_points, name="mine"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("rewards/", views.rewards, name="rewards"),
    path("rewards/<int:pk>/redeem/", views.redeem, name="redeem"),
]
