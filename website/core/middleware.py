"""Request guards that answer hostile input with a friendly 4xx page instead of a server error.

NUL bytes: PostgreSQL refuses them in any string, so a ``%00`` that reaches a query fails deep inside the ORM. No
legitimate form, link or search ever carries one, so the request is refused as a whole (400) rather than stripped:
stripping would silently search for something other than what was sent, and would have to be repeated for every new
input.

The admin: its list filters, choosers, formsets and rich-text widgets (modeladmin's and Wagtail's own) trust the query
string and the POST they rendered themselves, so a hand-made ``?group__id__exact=abc``, ``?p=-1`` or a POST without a
formset's management fields raises deep inside them. Under /admin/ those input errors become a redirect to the plain
list (a GET with a query string, as Django's own admin does) or a 400 page, and are logged; everywhere else the views
validate their own input, so a 500 there stays a 500.
"""

import logging

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import InvalidPage
from django.db import DataError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NUL = "\x00"
ADMIN_PREFIX = "/admin/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# What malformed input raises inside the admin's own views (ValueError covers JSON decoding, KeyError a missing field).
ADMIN_INPUT_ERRORS = (
    IncorrectLookupParameters,
    ValidationError,
    ValueError,
    KeyError,
    OverflowError,
    DataError,
    NoReverseMatch,
    ObjectDoesNotExist,
    InvalidPage,
)


def _has_nul(querydict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


def request_has_nul(request):
    """True when the path, a query parameter or a (non-file) form field holds a NUL byte."""
    if NUL in request.path_info or _has_nul(request.GET):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        if _has_nul(request.POST):
            return True
        return any(NUL in (upload.name or "") for upload in request.FILES.values())
    return False


def bad_request(request):
    # Not named 400.html: Django's own handler400 renders that without a request (DisallowedHost), and the site's
    # layout needs one.
    return render(request, "bad_request.html", status=400)


class HostileInputMiddleware:
    """Refuses requests carrying NUL bytes; turns malformed admin input into a redirect or a 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul(request):
            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path_info.startswith(ADMIN_PREFIX) or not isinstance(exception, ADMIN_INPUT_ERRORS):
            return None
        if request.method == "GET" and not request.GET:
            return None  # nothing was typed in: a failing plain page is a bug to see, not input to refuse
        logger.warning("Refused malformed admin input on %s %s", request.method, request.path, exc_info=exception)
        if request.method == "GET":
            messages.error(request, _("That filter is not valid, so the list is shown without filters."))
            return redirect(request.path)
        return bad_request(request)
