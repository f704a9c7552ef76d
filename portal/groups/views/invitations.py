"""Invite links: the page where leaders (and members, where allowed) make and revoke them, and the landing page a
link opens, where a member accepts. A visitor who is not signed in is sent to sign up or sign in; the link waits in
their session and is accepted when they first sign in (``accept_pending_invitation``)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.display import shown_member
from website.core.ratelimit import limited

from ..forms_invitations import InvitationForm
from ..models import Invitation, InvitationUse, JoinRequest, Membership
from ..services import GroupActionError
from ..services import invitations as service
from .common import _group_or_404
from .manage import _manage_context

SESSION_KEY = "groups:invitation_code"
LINKS_PER_PAGE = 20


def _inviter_membership(group, user):
    membership = Membership.objects.filter(group=group, member=user).first()
    if not service.may_invite(group, membership):
        raise PermissionDenied
    return membership


@login_required
@limited("invite_create")
def invitations(request, slug):
    """Leaders see and revoke every link of the group; a member sees only the links they made."""
    group = _group_or_404(slug)
    membership = _inviter_membership(group, request.user)
    in_charge = membership.can_manage
    may_skip = in_charge and group.join_policy == group.JoinPolicy.APPROVAL
    form = InvitationForm(request.POST or None, may_skip_approval=may_skip)
    if request.method == "POST" and form.is_valid():
        try:
            service.create_invitation(
                group,
                request.user,
                days=form.cleaned_data["days"],
                max_uses=form.cleaned_data["max_uses"],
                skip_approval=form.cleaned_data.get("skip_approval", False),
            )
        except GroupActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your invite link is ready: copy it from the list below."))
        return redirect("groups:invitations", slug=group.slug)
    links = group.invitations.select_related("created_by")
    if not in_charge:
        links = links.filter(created_by=request.user)
    page_obj = Paginator(links, LINKS_PER_PAGE).get_page(request.GET.get("page"))
    uses = {}
    for use in (
        # Only members the link actually brought in: a use that opened a request still under review (or refused)
        # spent one of the link's uses but is not someone who joined through it.
        InvitationUse.objects.filter(invitation__in=list(page_obj.object_list), admitted=True)
        .select_related("member")
        .order_by("created_at", "pk")
    ):
        uses.setdefault(use.invitation_id, []).append(shown_member(use.member, request.user, in_charge=in_charge))
    rows = [
        {
            "invitation": link,
            "url": request.build_absolute_uri(link.get_absolute_url()),
            "joined": uses.get(link.pk, []),
            "maker": shown_member(link.created_by, request.user, in_charge=in_charge),
            # Only a link that still works needs revoking; an expired or used-up one already takes nobody.
            "can_revoke": link.is_usable and (in_charge or link.created_by_id == request.user.pk),
        }
        for link in page_obj.object_list
    ]
    context = {
        "group": group,
        "membership": membership,
        "form": form,
        "rows": rows,
        "links": page_obj,
        "in_charge": in_charge,
        "max_active": service.MAX_ACTIVE_PER_MEMBER,
        "tab": "invitations",
        "layout": "groups/manage/base.html" if in_charge else "groups/invitations/member_base.html",
    }
    if in_charge:
        context.update(_manage_context(group, membership))
    return render(request, "groups/invitations/manage.html", context)


@login_required
@require_POST
def revoke(request, slug, pk):
    group = _group_or_404(slug)
    invitation = get_object_or_404(Invitation.objects.select_related("group"), pk=pk, group=group)
    if not service.may_revoke(invitation, request.user):
        raise Http404  # another member's link is none of their business
    try:
        service.revoke_invitation(invitation, request.user)
    except GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invite link has been revoked; it no longer works."))
    return redirect("groups:invitations", slug=group.slug)


def _landing(request, invitation, state, status=HTTPStatus.OK):
    group = invitation.group
    context = {
        "invitation": invitation,
        "group": group,
        "state": state,
        "inviter": shown_member(invitation.created_by, request.user),
    }
    return render(request, "groups/invitations/landing.html", context, status=status)


def _not_found(request):
    return render(request, "groups/invitations/not_found.html", status=HTTPStatus.NOT_FOUND)


@limited("invite_accept")
def landing(request, code):
    invitation = Invitation.objects.select_related("group__topic", "created_by").filter(code=code).first()
    if invitation is None:
        return _not_found(request)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _to_account(request, invitation)
        return _accept(request, invitation)
    state = service.invitation_state(invitation, request.user)
    return _landing(request, invitation, state, HTTPStatus.GONE if state.is_gone else HTTPStatus.OK)


def _to_account(request, invitation):
    """Keep the link in the session and send the visitor to sign up (or in); they come back here afterwards."""
    request.session[SESSION_KEY] = invitation.code
    target = "account_login" if request.POST.get("then") == "login" else "account_signup"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.path})}")


def _accept(request, invitation):
    request.session.pop(SESSION_KEY, None)
    try:
        result = service.accept_invitation(invitation, request.user)
    except GroupActionError as error:
        messages.error(request, str(error))
        return redirect("groups:invitation", code=invitation.code)
    _welcome(request, invitation.group, result)
    return redirect(invitation.group.get_absolute_url())


def _welcome(request, group, result):
    if isinstance(result, JoinRequest):
        messages.success(request, _("Your request has been sent to the group's leaders."))
    else:
        messages.success(request, _("Welcome to %(group)s!") % {"group": group.name})


@receiver(user_logged_in, dispatch_uid="groups.accept_pending_invitation")
def accept_pending_invitation(sender, request, user, **kwargs):
    """A visitor who pressed Accept before signing up (or in) joins now, on their first sign-in in that session."""
    if request is None or not hasattr(request, "session"):
        return
    code = request.session.pop(SESSION_KEY, None)
    if not code:
        return
    invitation = Invitation.objects.select_related("group").filter(code=str(code)[:64]).first()
    if invitation is None:
        return
    try:
        result = service.accept_invitation(invitation, user)
    except GroupActionError as error:
        messages.error(request, str(error))
        return
    _welcome(request, invitation.group, result)
