"""Placeholder: replaced by the real views."""

from django.http import Http404


def new_topic(request, *args, **kwargs):
    raise Http404


def check_in(request, *args, **kwargs):
    raise Http404


def review(request, *args, **kwargs):
    raise Http404


def moderate_check_in(request, *args, **kwargs):
    raise Http404


def topic_detail(request, *args, **kwargs):
    raise Http404
