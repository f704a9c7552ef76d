"""The notification centre's pages: the list, opening one, marking read, the preferences, and the unsubscribe page
that works without signing in (mail providers post to it on the member's behalf)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import inbox, types
from .preferences import PreferencesForm
from .types import Channel
from .unsubscribe import DIGEST, BadToken, quiet_channel, read_token, unsubscribe


@login_required
def notification_list(request):
    cursor = request.GET.get("before")
    page = inbox.inbox_page(request.user, cursor)
    return render(request, "notifications/list.html", {"page": page, "is_first_page": not cursor})


@login_required
def open_notification(request, pk):
    """Follow a notification's link, marking it read on the way; someone else's notification is a 404."""
    notification = inbox.mark_read(request.user, pk)
    if notification is None:
        raise Http404
    return redirect(inbox.safe_target(notification, request.get_host()) or "notifications:list")


@login_required
@require_POST
def mark_read(request, pk):
    if inbox.mark_read(request.user, pk) is None:
        raise Http404
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    inbox.mark_all_read(request.user)
    messages.success(request, pgettext("notifications", "All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferencesForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, pgettext("notifications", "Your notification settings are saved."))
            return redirect("notifications:preferences")
        status = 400
    else:
        status = 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


def _refuse(request):
    response = render(request, "notifications/unsubscribe_invalid.html", status=400)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@csrf_exempt  # RFC 8058: the mail provider posts "List-Unsubscribe=One-Click" with no session and no CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """GET asks (link scanners prefetch links, so a GET changes nothing); POST unsubscribes."""
    try:
        member_id, kind = read_token(token)
    except BadToken:
        return _refuse(request)
    if not get_user_model().objects.filter(pk=member_id, is_active=True).exists():
        return _refuse(request)
    is_digest = kind == DIGEST
    context = {"is_digest": is_digest, "token": token}
    if not is_digest:
        notification_type = types.get(kind)
        context.update(notification_type=notification_type, stays_on_site=quiet_channel(kind) != Channel.OFF)
    if request.method == "POST":
        context["changed"] = unsubscribe(member_id, kind)
        template = "notifications/unsubscribe_done.html"
    else:
        template = "notifications/unsubscribe_confirm.html"
    response = render(request, template, context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token in the address must not travel on to other sites in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response
