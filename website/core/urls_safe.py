"""One rule for following a URL a visitor hands us (``next=``, the current path): to this site, never elsewhere."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request, url):
    """True for a URL on this site's host with an allowed scheme; ``//evil``, ``/\\evil``, ``https:evil`` are not."""
    if not url:
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def safe_next(request, fallback, value=None):
    """The visitor's ``next`` (POST first, then GET) when it stays on this site, otherwise ``fallback``."""
    if value is None:
        value = request.POST.get("next") or request.GET.get("next") or ""
    # A bare word ("abc") is "safe" but redirect() would take it for a view name; only paths are followed.
    return value if value.startswith("/") and is_safe_url(request, value) else fallback


def safe_path(request):
    """The current path and query, or "/" when the path itself would read as another host (``//evil.example/``)."""
    path = request.get_full_path()
    return path if is_safe_url(request, path) else "/"
