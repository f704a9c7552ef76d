"""Notification types and emitters for membership: join requests and decisions, founding applications, spin-offs,
stage changes.

Each emitter is called by the service that made the change, inside its transaction: ``notify`` waits for the commit,
so a change that rolls back tells nobody. Links that several members share are made in the site's default language
(the address without a language prefix); a link for one member is made in that member's language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.notifications.services import notify
from portal.notifications.types import Channel, NotificationType, register
from website.core.permissions import COMMUNITY_TEAM

from ..models import CommunityGroup, JoinRequest, LifecycleRules, Membership
from ..services.common import leaders_of

GROUPS = pgettext_lazy("community group", "Groups")
TEAM = _("Community team")


def _template(event):
    return f"groups/notifications/{event}.txt"


register(
    NotificationType(
        "groups.join_requested",
        _("Someone asks to join a group you lead"),
        _template("join_requested"),
        default=Channel.EMAIL,
        section=GROUPS,
        position=10,
    ),
    NotificationType(
        "groups.request_decided",
        _("The leaders decide on your request to join"),
        _template("request_decided"),
        default=Channel.EMAIL,
        section=GROUPS,
        position=10,
        can_turn_off=False,
    ),
    NotificationType(
        "groups.spun_off",
        _("A group you belong to founds a sister group"),
        _template("spun_off"),
        default=Channel.EMAIL,
        section=GROUPS,
        position=10,
    ),
    NotificationType(
        "groups.stage_changed",
        _("A group you lead changes stage or turns dormant"),
        _template("stage_changed"),
        default=Channel.EMAIL,
        section=GROUPS,
        position=10,
    ),
    NotificationType(
        "groups.founding_submitted",
        _("A founding application waits for review"),
        _template("founding_submitted"),
        default=Channel.EMAIL,
        section=TEAM,
        position=60,
        staff_only=True,
    ),
)


def _in_language(language, make_url):
    with translation.override(language or settings.LANGUAGE_CODE):
        return make_url()


def community_team():
    """Who hears about applications the community team decides: the active members of its staff group."""
    return list(
        get_user_model()
        .objects.filter(groups__name=COMMUNITY_TEAM, is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def join_requested(request):
    """A member asks to join an approval group: its leaders and co-leaders hear, with a link to the requests.

    Only requests waiting for a decision: a full open group's waitlist needs nobody's answer."""
    if request.status != JoinRequest.Status.PENDING:
        return
    group = request.group
    notify(
        "groups.join_requested",
        leaders_of(group),
        target=request,
        url=_in_language(None, lambda: reverse("groups:manage_requests", kwargs={"slug": group.slug})),
        actor=request.member,
        params={"group": group.name, "applicant": request.member.get_display_name()},
        key=f"request:{request.pk}:{JoinRequest.Status.PENDING}",
    )


def request_decided(request, actor):
    """The applicant hears the leaders' answer (approved, or not with their reason), linked to the group."""
    group, member = request.group, request.member
    approved = request.status == JoinRequest.Status.APPROVED
    notify(
        "groups.request_decided",
        [member],
        target=request,
        url=_in_language(member.language, group.get_absolute_url),
        actor=actor,
        params={"group": group.name, "approved": approved, "reason": "" if approved else request.reason},
        key=f"request:{request.pk}:{request.status}",
    )


def founding_submitted(application):
    """An application to found a group waits for the community team (review mode only)."""
    notify(
        "groups.founding_submitted",
        community_team(),
        target=application,
        url=reverse("groups_admin:decide_application", args=[application.pk]),
        actor=application.applicant,
        params={"name": application.name, "applicant": application.applicant.get_display_name()},
        # A returned application submitted again is a new submission to review.
        key=f"application:{application.pk}:{application.updated_at.isoformat()}",
    )


def spun_off(spin_off):
    """A sister group exists: the old group's members and its waitlist may move to it from the old group's page,
    where the invitation to move is shown. The new leader (the actor) and the leader who proposed it (told by
    e-mail already) are left out."""
    source, new_group = spin_off.from_group, spin_off.new_group
    members = Membership.objects.filter(group=source, state=Membership.State.ACTIVE).values_list(
        "member_id", flat=True
    )
    waiting = JoinRequest.objects.filter(group=source, status=JoinRequest.Status.WAITLISTED).values_list(
        "member_id", flat=True
    )
    recipients = {*members, *waiting} - {spin_off.proposed_by_id}
    notify(
        "groups.spun_off",
        recipients,
        target=spin_off,
        url=_in_language(None, source.get_absolute_url),
        actor=spin_off.nominee_id,
        params={"group": source.name, "new_group": new_group.name},
        key=f"spin-off:{spin_off.pk}",
    )


def _stage_msgid(stage):
    """The stage's untranslated label: the template translates it in each leader's language."""
    with translation.override(None):
        return str(CommunityGroup.Stage(stage).label)


def stage_changed(group, *, change=None, dormant=False, direction="", leaders=None, rules=None):
    """The group's leaders hear of a stage change (``direction`` "promotion" or "demotion"), the group turning
    dormant, or both at once. ``leaders`` when the caller has them already (the nightly job reads them in bulk)."""
    params = {"group": group.name, "direction": "dormant" if dormant else direction}
    if change is not None:
        params |= {
            "from_stage": _stage_msgid(change.from_stage),
            "to_stage": _stage_msgid(change.to_stage),
            "to_core": change.to_stage == CommunityGroup.Stage.CORE,
            "by_team": change.actor_id is not None,
        }
    if dormant:
        params["days"] = (rules or LifecycleRules.load()).dormant_after_days
    # A dormant group wakes up with an activity; a stage's checklist is on the growth page.
    page = "groups:activity_create" if dormant else "groups:manage_growth"
    when = change.pk if change is not None else timezone.localdate().isoformat()
    notify(
        "groups.stage_changed",
        leaders if leaders is not None else leaders_of(group),
        target=group,
        url=_in_language(None, lambda: reverse(page, kwargs={"slug": group.slug})),
        actor=change.actor_id if change is not None else None,
        params=params,
        key=f"stage:{group.pk}:{'dormant' if dormant else 'stage'}:{when}",
        exclude_actor=False,
    )
