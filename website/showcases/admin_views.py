"""Small thumbnails of entry photos for the moderation listing.

Entry photos are members' private uploads (website.core.media serves them after an access check), not Wagtail
images, so they have no renditions. A listing of 25 entries would otherwise load up to 75 photos of 1600 pixels;
this view shrinks one photo to THUMBNAIL_SIDE pixels once and keeps the small JPEG in the cache.
"""

import hashlib
import io

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from PIL import Image

from website.core.permissions import staff_permission_required

from .models import EntryImage

THUMBNAIL_SIDE = 160
THUMBNAIL_TIMEOUT = 7 * 24 * 3600


def _thumbnail_bytes(photo):
    try:
        with photo.image.open("rb") as source, Image.open(source) as image:
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        # A file missing from storage or unreadable: the listing shows a broken thumbnail, not an error page.
        raise Http404 from error
    return buffer.getvalue()


@require_safe
@staff_permission_required("showcases.view_entry")
def entry_photo_thumbnail(request, pk):
    photo = get_object_or_404(EntryImage, pk=pk)
    # The stored name is part of the key, so a replaced file never shows its predecessor's thumbnail.
    key = "showcases:thumbnail:" + hashlib.sha256(f"{photo.image.name}:{THUMBNAIL_SIDE}".encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = _thumbnail_bytes(photo)
        cache.set(key, data, THUMBNAIL_TIMEOUT)
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
