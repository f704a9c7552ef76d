"""Share pages and posters (website.core.share_views), mounted under /share/ in each language."""

from django.urls import path

from . import share_views

app_name = "share"

urlpatterns = [
    path("<slug:kind>/<int:pk>/", share_views.share_page, name="page"),
    path("<slug:kind>/<int:pk>/poster.png", share_views.poster, name="poster"),
]
