"""Where members' files are stored and under which names: unguessable names, and a private place for private files.

A file under MEDIA_ROOT is public to anyone who can guess its path (nginx or the media view serves it), so every
stored name is a random token, never the member's own file name. Files only some people may see (a group's chat QR
code, a showcase image awaiting moderation, leader-guide documents) live outside MEDIA_ROOT, in PRIVATE_MEDIA_ROOT,
and are served only by website.core.media after an access check.
"""

import os
import posixpath
import re
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from django.utils.functional import cached_property

TOKEN_LENGTH = 32
_TOKEN_NAME = re.compile(rf"^[0-9a-f]{{{TOKEN_LENGTH}}}(\.[a-z0-9]+)?$")

# Wagtail's document model stores its files as documents/<original name> in the default storage; the default storage
# keeps that folder in the private root (see MediaStorage), so guide documents never sit under MEDIA_ROOT.
DOCUMENTS_FOLDER = "documents/"


def unguessable_name(folder, filename):
    """``folder/<random token>.<ext>``: the extension of the (already re-encoded) upload, nothing of its name."""
    extension = os.path.splitext(filename or "")[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", extension):
        extension = ""
    return posixpath.join(folder, secrets.token_hex(TOKEN_LENGTH // 2) + extension)


def is_unguessable(name):
    """Whether a stored name already ends in a token made by unguessable_name (or a token folder for documents)."""
    parts = name.split("/")
    return bool(_TOKEN_NAME.match(parts[-1])) or (len(parts) >= 2 and bool(_TOKEN_NAME.match(parts[-2])))


def private_storage():
    """The storage of private files (a callable, so migrations name it rather than freezing its settings)."""
    return storages["private"]


@deconstructible(path="website.core.uploads.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """Local private files: under PRIVATE_MEDIA_ROOT, with URLs that point at the access-checking view."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        url = self._value_or_setting(self._base_url, settings.PRIVATE_MEDIA_URL)
        return url if url.endswith("/") else url + "/"

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        elif setting == "PRIVATE_MEDIA_URL":
            self.__dict__.pop("base_url", None)


@deconstructible(path="website.core.uploads.MediaStorage")
class MediaStorage(FileSystemStorage):
    """The default local storage: MEDIA_ROOT for public files, except Wagtail documents, which go to the private root.

    Wagtail's document model cannot be given a storage of its own without swapping the model, so this storage sends its
    folder elsewhere and gives each document a token folder (the file keeps its name, for the download).
    """

    def _documents_storage(self):
        return FileSystemStorage(
            location=settings.PRIVATE_MEDIA_ROOT,
            file_permissions_mode=self.file_permissions_mode,
            directory_permissions_mode=self.directory_permissions_mode,
        )

    def path(self, name):
        if name.startswith(DOCUMENTS_FOLDER):
            return self._documents_storage().path(name)
        return super().path(name)

    def _save(self, name, content):
        if name.startswith(DOCUMENTS_FOLDER):
            return self._documents_storage()._save(name, content)
        return super()._save(name, content)

    def generate_filename(self, filename):
        filename = super().generate_filename(filename)
        if filename.startswith(DOCUMENTS_FOLDER) and not is_unguessable(filename):
            folder, base = posixpath.split(filename)
            filename = posixpath.join(folder, secrets.token_hex(TOKEN_LENGTH // 2), base)
        return filename


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - django-storages is in requirements.txt, but optional to run locally
    S3Storage = None

if S3Storage is not None:

    @deconstructible(path="website.core.uploads.PrivateS3Storage")
    class PrivateS3Storage(S3Storage):
        """Private files on S3: pages link to the access-checking view, which redirects to a short-lived signed URL.

        A signed URL in a page would outlive the page's own cache; the view's URL never expires and always checks.
        """

        def url(self, name, parameters=None, expire=None, http_method=None):
            return settings.PRIVATE_MEDIA_URL.rstrip("/") + "/" + filepath_to_uri(name)

        def signed_url(self, name):
            return super().url(name)
