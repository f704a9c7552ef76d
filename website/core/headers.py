"""Response headers that protect members: no caching of personalised pages, a CSP per area, a Permissions-Policy.

- A page rendered for a signed-in member (dashboard, a group page as a member sees it, manage pages, an activity with
  its check-in code, leader guides, the admin) says ``Cache-Control: private, no-store``, so no shared cache or
  browser history keeps it. Anonymous pages and static files are left to their own headers (they may be cached).
- The Content-Security-Policy is strict on the public site (settings.CONTENT_SECURITY_POLICY, via django-csp); the
  Wagtail admin, which still needs inline styles and scripts, gets settings.CONTENT_SECURITY_POLICY_ADMIN instead.
- Every response carries settings.PERMISSIONS_POLICY: the site needs no camera, microphone, location or payment.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import patch_cache_control


def _is_personalised(request):
    """True when the response was rendered for a signed-in user (the session was read and names one)."""
    session = getattr(request, "session", None)
    if session is None or not session.accessed:
        # No session read, so nothing of the user's could have been rendered; and reading request.user here would
        # add "Vary: Cookie" to a page that does not depend on it.
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on personalised responses that did not choose their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and _is_personalised(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


class PermissionsPolicyMiddleware:
    """Adds settings.PERMISSIONS_POLICY (``{"camera": [], ...}``) as the Permissions-Policy header."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}=({' '.join(allowlist)})" for feature, allowlist in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = self.header
        return response


class AreaCSPMiddleware(CSPMiddleware):
    """django-csp, with the admin's own policy for paths under settings.CSP_ADMIN_PATH_PREFIXES."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self._in_admin(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts

    @staticmethod
    def _in_admin(request):
        return request.path_info.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",))))
