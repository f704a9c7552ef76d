"""Member portal pages: the dashboard, one's own profile editor, and other members' profiles."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail import hooks

from .forms import ProfileForm
from .models import User


@login_required
def dashboard(request):
    user = request.user
    primary_email = EmailAddress.objects.filter(user=user, primary=True).first()
    field_labels = {name: User._meta.get_field(name).verbose_name for name in User.PROFILE_FIELDS}
    return render(
        request,
        "accounts/dashboard.html",
        {
            "member": user,
            "email_verified": bool(primary_email and primary_email.verified),
            "missing_fields": [field_labels[name] for name in user.missing_profile_fields()],
            # Apps above accounts (groups, points...) add their panels through this hook; accounts imports none.
            "panels": [panel(request) for panel in hooks.get_hooks("member_dashboard_panels")],
        },
    )


@login_required
def profile_edit(request):
    if request.method == "POST":
        # A fresh copy: a failed save must not leave unsaved values on request.user (shown in the header).
        form = ProfileForm(request.POST, request.FILES, instance=User.objects.get(pk=request.user.pk))
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:dashboard")
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile_edit.html", {"form": form})


def profile(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    if not member.profile_visible_to(request.user):
        # Same answer as a missing member, so a private profile does not reveal that the account exists.
        raise Http404
    # Apps above accounts add sections (the board: the member's public posts) through "member_profile_sections":
    # functions (request, member) -> HTML or "", called only once the profile's own visibility allowed the visit.
    sections = [html for hook in hooks.get_hooks("member_profile_sections") if (html := hook(request, member))]
    return render(request, "accounts/profile.html", {"member": member, "sections": sections})
