"""Placeholder: replaced by the real views."""

from django.http import Http404


def my_boards(request, *args, **kwargs):
    raise Http404


def board(request, *args, **kwargs):
    raise Http404


def featured(request, *args, **kwargs):
    raise Http404


def new_post(request, *args, **kwargs):
    raise Http404


def post_detail(request, *args, **kwargs):
    raise Http404


def edit_post(request, *args, **kwargs):
    raise Http404


def delete_post(request, *args, **kwargs):
    raise Http404


def comment(request, *args, **kwargs):
    raise Http404


def like_post(request, *args, **kwargs):
    raise Http404


def like_comment(request, *args, **kwargs):
    raise Http404


def delete_comment(request, *args, **kwargs):
    raise Http404
