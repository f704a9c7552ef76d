"""Placeholder: replaced by the real views."""

from django.http import Http404


def report_post(request, *args, **kwargs):
    raise Http404


def report_comment(request, *args, **kwargs):
    raise Http404


def moderate_post(request, *args, **kwargs):
    raise Http404


def moderate_comment(request, *args, **kwargs):
    raise Http404


def post_history(request, *args, **kwargs):
    raise Http404


def reports(request, *args, **kwargs):
    raise Http404


def handle_report(request, *args, **kwargs):
    raise Http404


def mutes(request, *args, **kwargs):
    raise Http404


def log(request, *args, **kwargs):
    raise Http404


def board_settings(request, *args, **kwargs):
    raise Http404
