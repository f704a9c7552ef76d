"""Serving uploaded files: public media from local disk, and private files only after an access check.

Public media (avatars, covers, activity photos, Wagtail images and renditions) are read from MEDIA_ROOT when
SERVE_MEDIA is on; every stored name is a random token or a rendition name, so they may be cached for a year.
Private files live in the "private" storage; a model that keeps one answers ``private_file_access(user)`` with
None (no), "private" (this viewer only) or "public" (anyone, e.g. an approved showcase image). The bytes are then
streamed by Django, or handed to nginx (X-Accel-Redirect) or Apache (X-Sendfile) as PRIVATE_MEDIA_ACCEL says; on S3
the answer is a redirect to a short-lived signed URL. This module is also a SENDFILE_BACKEND for Wagtail's document
view, so guide documents take the same path once their collection restriction has been checked.
"""

import functools
import mimetypes
import os
import posixpath
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe
from django.views.static import serve

from .uploads import DOCUMENTS_FOLDER, is_unguessable, private_storage

PRIVATE = "private, no-store"
# Token names and renditions never change content under the same name.
IMMUTABLE = "public, max-age=31536000, immutable"
# Anything else public (an editor's original image) may be replaced; caches check back daily.
PUBLIC = "public, max-age=86400"
# An approved showcase image can still be withdrawn by the editors.
PUBLIC_SHORT = "public, max-age=3600"


def _clean_name(name):
    """A storage name without tricks: no absolute paths, no .. segments, no backslashes or NUL."""
    if not name or "\\" in name or "\0" in name or name.startswith("/"):
        raise Http404
    normalised = posixpath.normpath(name)
    if normalised != name or normalised.startswith(".."):
        raise Http404
    return name


@require_safe
def public_media(request, path):
    """MEDIA_ROOT with cache headers; Wagtail documents are never served from here (they are not public)."""
    path = _clean_name(path)
    if path.startswith(DOCUMENTS_FOLDER):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith("images/") or is_unguessable(path):
        response["Cache-Control"] = IMMUTABLE
    else:
        response["Cache-Control"] = PUBLIC
    response["X-Content-Type-Options"] = "nosniff"
    return response


@functools.cache
def _private_fields():
    """Every (model, file field) kept in the private storage; each such model defines private_file_access."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and getattr(field, "_storage_callable", None) is private_storage
    ]


def _owner(name):
    for model, field in _private_fields():
        owner = model._default_manager.filter(**{field.name: name}).first()
        if owner is not None:
            return owner
    return None


@require_safe
def private_file(request, name):
    """A private file, to whom its owner object allows it; anyone else gets the same 404 as for a missing file."""
    name = _clean_name(name)
    owner = _owner(name)
    access = owner.private_file_access(request.user) if owner is not None else None
    if access is None:
        response = HttpResponse(status=404)
        response["Cache-Control"] = PRIVATE
        return response
    response = send_private(request, private_storage(), name)
    response["Cache-Control"] = PUBLIC_SHORT if access == "public" else PRIVATE
    if access == "private":
        response["Vary"] = "Cookie"
    return response


def send_private(request, storage, name):
    """The bytes of ``name`` in ``storage``: a signed redirect for remote storage, else a local file response."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        signed = getattr(storage, "signed_url", storage.url)
        return HttpResponseRedirect(signed(name))
    if not os.path.isfile(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return sendfile(request, path, mimetype=content_type)


def sendfile(request, filename, mimetype=None, **kwargs):
    """Send a local private file: by the web server when PRIVATE_MEDIA_ACCEL says so, else streamed by Django.

    Wagtail's document view calls this as its SENDFILE_BACKEND (with the checks already done).
    """
    mimetype = mimetype or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    accel = settings.PRIVATE_MEDIA_ACCEL
    root = os.path.abspath(settings.PRIVATE_MEDIA_ROOT)
    inside = os.path.commonpath([root, os.path.abspath(filename)]) == root
    if accel == "nginx" and inside:
        relative = os.path.relpath(filename, root).replace(os.sep, "/")
        response = HttpResponse(content_type=mimetype)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + quote(relative)
    elif accel == "apache" and inside:
        response = HttpResponse(content_type=mimetype)
        response["X-Sendfile"] = os.path.abspath(filename)
    else:
        response = FileResponse(open(filename, "rb"), content_type=mimetype)  # noqa: SIM115 - closed by Django
    response["X-Content-Type-Options"] = "nosniff"
    return response
