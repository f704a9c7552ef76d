"""Request guards that answer hostile input with a friendly 4xx page instead of a server error.

NUL bytes: PostgreSQL refuses them in any string, so a ``%00`` that reaches a query fails deep inside the ORM. No
legitimate form, link or search ever carries one, so the request is refused as a whole (400) rather than stripped:
stripping would silently search for something other than what was sent, and would have to be repeated for every new
input. Admin list filters: a malformed ``?group__id__exact=abc`` makes modeladmin raise ``IncorrectLookupParameters``;
Django's own admin answers that with a redirect to the unfiltered list, and so does this.
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

NUL = "\x00"
ADMIN_PREFIX = "/admin/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


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
    return render(request, "400.html", status=400)


class HostileInputMiddleware:
    """Refuses requests carrying NUL bytes; turns malformed admin list filters into a redirect to the plain list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul(request):
            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path_info.startswith(ADMIN_PREFIX) or request.method != "GET" or not request.GET:
            return None
        if isinstance(exception, IncorrectLookupParameters | ValidationError):
            messages.error(request, _("That filter is not valid, so the list is shown without filters."))
            return redirect(request.path)
        return None
