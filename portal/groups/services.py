"""Every rule about founding, joining and leading groups, in one place; views call these and render.

Seats are taken with one conditional UPDATE (``member_count < capacity``) inside the transaction that creates the
membership, never by counting and then inserting, so no group passes its capacity under concurrent approvals.
Every rule about one member (groups led, one seat or one open request per group) is checked under that member's lock
(``lock_member``) in the transaction that acts on it, so a double click or many tabs cannot pass a check twice.
Functions raise ``GroupActionError`` with a message for the person who acted; nothing is changed when they do.
"""

import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.log_actions import log

from portal.accounts.locks import lock_member
from portal.points import services as points
from website.core.email import email_member

from . import leaders
from .models import (
    CommunityGroup,
    GroupApplication,
    GroupProfileChange,
    GroupRules,
    JoinRequest,
    LeaderGrant,
    LeadershipTransfer,
    Membership,
)
from .signals import purge_group


class GroupActionError(Exception):
    """A request the rules refuse; the message is shown to the person who made it."""


# --- Admission rules ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCheck:
    code: str
    label: str
    passed: bool
    detail: str = ""

    def as_dict(self):
        return {"code": self.code, "label": str(self.label), "passed": self.passed, "detail": str(self.detail)}


def member_points(member):
    """Lifetime points: spending on rewards must not cost a member the right to found a group."""
    return points.balance_of(member).lifetime_earned


def groups_led_count(member):
    return (
        Membership.objects.active()
        .filter(member=member, role=Membership.Role.LEADER, group__status=CommunityGroup.Status.ACTIVE)
        .count()
    )


def name_taken(name, exclude_group=None):
    groups = CommunityGroup.objects.annotate(lname=Lower("name")).filter(lname=name.strip().lower())
    if exclude_group is not None:
        groups = groups.exclude(pk=exclude_group.pk)
    return groups.exists()


def admission_checks(member, rules=None, *, name=None, exclude_application=None):
    """The admission rules, each with whether this member passes it; shown to applicants before they apply."""
    rules = rules or GroupRules.load()
    checks = []
    if rules.require_verified_email:
        verified = EmailAddress.objects.filter(user=member, verified=True).exists()
        checks.append(RuleCheck("verified_email", gettext_lazy("Verified e-mail address"), verified))
    if rules.min_account_age_days:
        age = (timezone.now() - member.date_joined).days
        checks.append(
            RuleCheck(
                "account_age",
                ngettext(
                    "Account at least %(days)d day old",
                    "Account at least %(days)d days old",
                    rules.min_account_age_days,
                )
                % {"days": rules.min_account_age_days},
                age >= rules.min_account_age_days,
                ngettext("%(days)d day so far", "%(days)d days so far", age) % {"days": age},
            )
        )
    if rules.min_points:
        points = member_points(member)
        checks.append(
            RuleCheck(
                "min_points",
                ngettext("At least %(points)d point", "At least %(points)d points", rules.min_points)
                % {"points": rules.min_points},
                points >= rules.min_points,
                ngettext("%(points)d point so far", "%(points)d points so far", points) % {"points": points},
            )
        )
    led = groups_led_count(member)
    checks.append(
        RuleCheck(
            "max_groups_led",
            ngettext("Leading fewer than %(max)d group", "Leading fewer than %(max)d groups", rules.max_groups_led)
            % {"max": rules.max_groups_led},
            led < rules.max_groups_led,
            _("You lead %(count)d") % {"count": led},
        )
    )
    if name:
        checks.append(RuleCheck("unique_name", gettext_lazy("The name is not taken"), not name_taken(name)))
    return checks


# Words that say "a group" whatever its topic: sharing one makes two names no more alike.
GENERIC_NAME_WORDS = (
    "俱乐部",
    "爱好者",
    "同好会",
    "交流群",
    "小组",
    "社群",
    "社团",
    "协会",
    "联盟",
    "圈子",
    "club",
    "group",
    "society",
    "community",
    "team",
)


def _name_fragments(name, city):
    """The parts of a name that say what the group is about: two-character runs of Chinese (杭州烘焙 vs 杭州烘焙社),
    whole words of three letters or more otherwise. The city and generic words are left out first, or every group
    whose name starts with the city would look similar to every other."""
    text = name.lower()
    city = (city or "").strip().lower()
    places = [city, city.rstrip("市区县省")] if city else []
    for word in [*(place for place in places if len(place) >= 2), *GENERIC_NAME_WORDS]:
        text = re.sub(rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word), " ", text)
    fragments = set()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        fragments.update(run[i : i + 2] for i in range(len(run) - 1))
    fragments.update(re.findall(r"[^\W\d_\u3400-\u9fff]{3,}|\d{3,}", text))
    return fragments


def similar_groups(name, topic, city, limit=6):
    """Active groups an applicant should look at first: a similar name, or the same topic in the same city.

    Being in the same city alone is not similarity: a film club and a running group in 杭州 are different groups."""
    name = (name or "").strip()
    condition = Q(topic=topic, city__iexact=(city or "").strip()) if topic and city else Q(pk__in=[])
    for fragment in sorted(_name_fragments(name, city))[:10]:
        condition |= Q(name__icontains=fragment)
    return list(
        CommunityGroup.objects.active().filter(condition).select_related("topic").order_by("-member_count")[:limit]
    )


# --- Founding -------------------------------------------------------------------------------------------------------


def submit_application(applicant, *, name, topic, city, purpose, planned_activities, expected_size, application=None):
    """Create (or resubmit a returned) application; approve it at once when the rules pass in automatic mode.

    The rules are checked, the application written and (automatic mode) the group founded in one transaction under
    the applicant's lock, so the same member submitting many times at once cannot pass "groups led" more than once
    per free place. When anything refuses, nothing is written.
    """
    rules = GroupRules.load()
    name = name.strip()
    with transaction.atomic():
        lock_member(applicant)
        checks = admission_checks(applicant, rules, name=name)
        credit = leaders.founding_credit(applicant)
        if credit is not None:
            # A recruited leader skips the admission rules (the name must still be free).
            checks = [check for check in checks if check.code == "unique_name"]
        failed = [check for check in checks if not check.passed]
        if failed:
            raise GroupActionError(
                _("You do not meet the admission rules yet: %(rules)s.")
                % {"rules": "、".join(str(c.label) for c in failed)}
            )
        fields = {
            "name": name,
            "topic": topic,
            "city": city.strip(),
            "purpose": purpose,
            "planned_activities": planned_activities,
            "expected_size": expected_size,
            "rule_report": [check.as_dict() for check in checks],
            "status": GroupApplication.Status.SUBMITTED,
        }
        try:
            with transaction.atomic():
                if application is None:
                    application = GroupApplication.objects.create(applicant=applicant, **fields)
                else:
                    current = GroupApplication.objects.select_for_update().filter(pk=application.pk).first()
                    if (
                        current is None
                        or current.applicant_id != applicant.pk
                        or current.status != GroupApplication.Status.RETURNED
                    ):
                        raise GroupActionError(_("Only an application returned for changes can be edited."))
                    for key, value in fields.items():
                        setattr(application, key, value)
                    application.save()
        except IntegrityError as exc:
            raise GroupActionError(_("You already have an open application for a group with this name.")) from exc
        if rules.approval_mode == GroupRules.Mode.AUTOMATIC or credit is not None:
            approve_application(application, reviewer=None)
    return application


def _unique_slug(name):
    base = slugify(name, allow_unicode=True)[:50] or "group"
    slug, n = base, 2
    while CommunityGroup.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_group(*, name, **fields):
    """Create a group under a free slug; raises GroupActionError when another group took the name meanwhile.

    The name and the slug are each checked, then inserted: another founding can land in between. A taken name is
    the founder's to change; a taken slug is ours, so a fresh one is tried (a few times, then it is the name).
    """
    for _attempt in range(3):
        slug = _unique_slug(name)
        try:
            with transaction.atomic():
                return CommunityGroup.objects.create(name=name, slug=slug, **fields)
        except IntegrityError as exc:
            if not CommunityGroup.objects.filter(slug=slug).exists():
                raise GroupActionError(_("A group with this name exists already.")) from exc
    raise GroupActionError(_("A group with this name exists already."))


def approve_application(application, reviewer=None, note=""):
    """Found the group: the group, its leader membership and its page all exist when this returns.

    "Groups led" is checked again here, under the applicant's lock: it may have changed since the application was
    submitted (review mode), and founding is what changes it.
    """
    with transaction.atomic():
        # The applicant before the application (the lock order): a resubmission by the applicant waits for this.
        lock_member(application.applicant_id)
        locked = GroupApplication.objects.select_for_update().select_related("applicant").get(pk=application.pk)
        if not locked.is_open:
            raise GroupActionError(_("This application has already been decided."))
        if name_taken(locked.name):
            raise GroupActionError(_("A group with this name exists already."))
        rules = GroupRules.load()
        if leaders.founding_credit(locked.applicant) is None:
            led = groups_led_count(locked.applicant)
            if led >= rules.max_groups_led:
                raise GroupActionError(
                    ngettext(
                        "The applicant already leads %(count)d group, the most the admission rules allow.",
                        "The applicant already leads %(count)d groups, the most the admission rules allow.",
                        led,
                    )
                    % {"count": led}
                )
        group = _create_group(
            name=locked.name,
            topic=locked.topic,
            city=locked.city,
            summary=locked.purpose[:140],
            description="",
            capacity=min(rules.max_group_size, 100),
            founder=locked.applicant,
            member_count=1,
        )
        Membership.objects.create(group=group, member=locked.applicant, role=Membership.Role.LEADER)
        locked.status = GroupApplication.Status.APPROVED
        locked.reviewer = reviewer
        locked.reviewer_note = note
        locked.decided_at = timezone.now()
        locked.group = group
        locked.save()
        # Site-wide, like sign-up: it rewards the accepted application, not something done in the group.
        points.award(locked.applicant, "group_founded", group)
        LeaderGrant.objects.filter(member=locked.applicant, revoked_at__isnull=True, founding_credits__gt=0).update(
            founding_credits=F("founding_credits") - 1
        )
        leaders.sync_leader_group(locked.applicant)
        if reviewer is not None:
            log(instance=locked, action="groups.application.approve", user=reviewer)
        email_member(locked.applicant, "groups/email/application_approved", {"application": locked, "group": group})
    application.refresh_from_db()
    return group


def decide_application(application, reviewer, *, status, note):
    """Reject, or return for changes, with a note the applicant reads."""
    if status not in (GroupApplication.Status.REJECTED, GroupApplication.Status.RETURNED):
        raise ValueError(status)
    if not note.strip():
        raise GroupActionError(_("Write a note so the applicant knows why."))
    with transaction.atomic():
        updated = GroupApplication.objects.filter(pk=application.pk, status__in=GroupApplication.OPEN_STATUSES).update(
            status=status, reviewer=reviewer, reviewer_note=note.strip(), decided_at=timezone.now()
        )
        if not updated:
            raise GroupActionError(_("This application has already been decided."))
        application.refresh_from_db()
        action = (
            "groups.application.reject" if status == GroupApplication.Status.REJECTED else "groups.application.return"
        )
        log(instance=application, action=action, user=reviewer)
        email_member(application.applicant, "groups/email/application_decided", {"application": application})
    return application


# --- Seats ----------------------------------------------------------------------------------------------------------


def _take_seat(group):
    """Claim one seat atomically; False when the group is full or no longer active."""
    taken = bool(
        CommunityGroup.objects.filter(
            pk=group.pk, status=CommunityGroup.Status.ACTIVE, member_count__lt=F("capacity")
        ).update(member_count=F("member_count") + 1)
    )
    if taken:
        # The member count shows on the group's page, the directory and the home page.
        purge_group(group)
    return taken


def _free_seat(group):
    if CommunityGroup.objects.filter(pk=group.pk, member_count__gt=0).update(member_count=F("member_count") - 1):
        purge_group(group)


def size_band(count, rules):
    if count < rules.healthy_size_min:
        return "below"
    if count > rules.healthy_size_max:
        return "above"
    return "within"


def _check_size_band(group):
    """One gentle notice to the leaders when the group leaves the healthy band; none again until it comes back."""
    rules = GroupRules.load()
    group.refresh_from_db(fields=["member_count", "size_band"])
    band = size_band(group.member_count, rules)
    if band == group.size_band:
        return
    previous = group.size_band
    CommunityGroup.objects.filter(pk=group.pk).update(size_band=band)
    group.size_band = band
    if previous == "within" and band != "within":
        for leader in leaders_of(group):
            email_member(leader, "groups/email/size_notice", {"group": group, "band": band, "rules": rules})


def _close_open_requests(group, member):
    """A seated member needs no request for the group (and one who leaves must not be seated again from it)."""
    JoinRequest.objects.filter(group=group, member=member, status__in=JoinRequest.OPEN_STATUSES).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )


def _admit(group, member, role=Membership.Role.MEMBER, request=None):
    """Seat a member (new or returning) in one transaction; raises when full, banned or already in.

    The caller holds the member's lock (``lock_member``) and has read the member's state under it. Seating closes
    the member's open request for the group unless the caller is serving one (``request``, the only open one there
    can be: one per member and group), so nobody is ever both seated and waitlisted.
    """
    with transaction.atomic():
        existing = Membership.objects.select_for_update().filter(group=group, member=member).first()
        if existing is not None and existing.state == Membership.State.BANNED:
            raise GroupActionError(_("You cannot join this group."))
        if existing is not None and existing.is_active:
            raise GroupActionError(_("You are already a member of this group."))
        if not _take_seat(group):
            raise GroupActionError(_("This group is full."))
        try:
            with transaction.atomic():
                if existing is None:
                    membership = Membership.objects.create(group=group, member=member, role=role)
                else:
                    existing.state = Membership.State.ACTIVE
                    existing.role = role
                    existing.joined_at = timezone.now()
                    existing.ended_at = None
                    existing.save()
                    membership = existing
        except IntegrityError as exc:
            # Another request seated the same member a moment ago; the outer transaction gives the seat back.
            raise GroupActionError(_("You are already a member of this group.")) from exc
        if request is None:
            _close_open_requests(group, member)
        # Once per member and group: leaving and joining again earns nothing more.
        points.award(member, "group_joined", group, scope=group)
    return membership


def _request_is_stale(request):
    """Whether the member has held a seat since asking: a member now, or a membership that ended after the request.

    Such a request is left over from a double click on the last seat; serving it would seat a member who left, or
    mail a member who is in, that a seat opened for them.
    """
    membership = Membership.objects.filter(group_id=request.group_id, member_id=request.member_id).first()
    if membership is None:
        return False
    if membership.is_active:
        return True
    asked_at = request.waitlisted_at or request.created_at
    return membership.ended_at is not None and asked_at is not None and membership.ended_at >= asked_at


def serve_waitlist(group):
    """Give free seats to waitlisted requests, oldest first; each promoted member gets an e-mail.

    Requests of members who have held a seat since they asked are closed, not served (see ``_request_is_stale``).
    """
    promoted = []
    while True:
        oldest = (
            JoinRequest.objects.filter(group=group, status=JoinRequest.Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .values_list("pk", "member_id")
            .first()
        )
        if oldest is None:
            break
        with transaction.atomic():
            # The member first, then their request (the lock order); another server serving it makes us wait here.
            lock_member(oldest[1])
            request = (
                JoinRequest.objects.select_for_update()
                .filter(pk=oldest[0], status=JoinRequest.Status.WAITLISTED)
                .select_related("member")
                .first()
            )
            if request is None:
                continue  # served or withdrawn a moment ago
            if _request_is_stale(request):
                JoinRequest.objects.filter(pk=request.pk).update(
                    status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
                )
                continue
            try:
                with transaction.atomic():
                    _admit(group, request.member, request=request)
            except GroupActionError:
                group.refresh_from_db(fields=["member_count", "capacity", "status"])
                if group.is_full or not group.is_active:
                    break
                # Banned or already a member since: the request is moot, close it and look at the next one.
                JoinRequest.objects.filter(pk=request.pk).update(
                    status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
                )
                continue
            JoinRequest.objects.filter(pk=request.pk).update(
                status=JoinRequest.Status.APPROVED, decided_at=timezone.now()
            )
            email_member(request.member, "groups/email/waitlist_promoted", {"group": group})
            promoted.append(request)
    if promoted:
        _check_size_band(group)
    return promoted


# --- Joining --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinState:
    """What the join control shows a visitor: a code for the template and whether it is an action."""

    code: str
    membership: Membership | None = None
    request: JoinRequest | None = None


_UNKNOWN = object()


def join_state(group, user, membership=_UNKNOWN):
    """One of: login, member, leader, banned, requested, waitlisted, archived, dormant, invitation, join, request,
    waitlist (open group, full), request_full (approval group, full).

    A dormant group (no activity for the lifecycle rules' ``dormant_after_days``) takes no new members or requests
    until the nightly evaluation sees it hold an activity again; requests already open stay open."""
    if not user.is_authenticated:
        if not group.is_active:
            return JoinState("archived")
        return JoinState("dormant" if group.dormant else "login")
    if membership is _UNKNOWN or membership is None:
        # Callers that already hold the active members pass the user's row; anything else is looked up.
        membership = Membership.objects.filter(group=group, member=user).first()
    # Members of an archived group keep what they had (the chat, the member list); only newcomers are turned away.
    if membership is not None and membership.is_active:
        return JoinState("leader" if membership.can_manage else "member", membership=membership)
    if not group.is_active:
        return JoinState("archived")
    if membership is not None and membership.state == Membership.State.BANNED:
        return JoinState("banned", membership=membership)
    request = JoinRequest.objects.filter(group=group, member=user, status__in=JoinRequest.OPEN_STATUSES).first()
    if request is not None:
        return JoinState(
            "waitlisted" if request.status == JoinRequest.Status.WAITLISTED else "requested", request=request
        )
    if group.dormant:
        return JoinState("dormant")
    if group.join_policy == CommunityGroup.JoinPolicy.INVITATION:
        return JoinState("invitation")
    if group.join_policy == CommunityGroup.JoinPolicy.OPEN:
        return JoinState("waitlist" if group.is_full else "join")
    return JoinState("request_full" if group.is_full else "request")


def clean_answers(group, answers):
    """Pair each of the group's questions with the member's answer; every question needs one."""
    questions = group.join_questions or []
    answers = list(answers or [])
    if len(answers) < len(questions) or any(not (a or "").strip() for a in answers[: len(questions)]):
        raise GroupActionError(_("Please answer every question."))
    return [{"question": q, "answer": a.strip()[:500]} for q, a in zip(questions, answers, strict=False)]


def request_to_join(group, member, answers=None):
    """Join an open group, or ask to join an approval group. Returns the membership or the request.

    The member's state is read under their lock: a second click that arrives while the first one takes the last seat
    waits for it, then finds the member seated instead of putting them on the waitlist as well.
    """
    with transaction.atomic():
        lock_member(member)
        result = _request_to_join(group, member, answers)
    if isinstance(result, Membership):
        _check_size_band(group)
    return result


def _request_to_join(group, member, answers):
    state = join_state(group, member)
    if state.code in ("member", "leader"):
        raise GroupActionError(_("You are already a member of this group."))
    if state.code in ("requested", "waitlisted"):
        raise GroupActionError(_("You have already asked to join this group."))
    if state.code == "banned":
        raise GroupActionError(_("You cannot join this group."))
    if state.code == "archived":
        raise GroupActionError(_("This group is archived and takes no new members."))
    if state.code == "dormant":
        raise GroupActionError(
            _("This group is dormant: it has held no activity for a long time and takes no new members until it does.")
        )
    if state.code == "invitation":
        raise GroupActionError(_("This group takes new members by invitation only."))

    if group.join_policy == CommunityGroup.JoinPolicy.OPEN:
        try:
            return _admit(group, member)
        except GroupActionError:
            group.refresh_from_db(fields=["member_count", "capacity", "status"])
            if not group.is_full:
                raise
            return _create_request(group, member, [], status=JoinRequest.Status.WAITLISTED)
    return _create_request(group, member, clean_answers(group, answers), status=JoinRequest.Status.PENDING)


def _create_request(group, member, answers, status):
    now = timezone.now()
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(
                group=group,
                member=member,
                answers=answers,
                status=status,
                waitlisted_at=now if status == JoinRequest.Status.WAITLISTED else None,
            )
    except IntegrityError as exc:
        raise GroupActionError(_("You have already asked to join this group.")) from exc


def withdraw_request(request, member):
    if request.member_id != member.pk:
        raise GroupActionError(_("This is not your request."))
    updated = JoinRequest.objects.filter(pk=request.pk, status__in=JoinRequest.OPEN_STATUSES).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    if not updated:
        raise GroupActionError(_("This request is no longer open."))


def leave_group(group, member):
    membership = Membership.objects.filter(group=group, member=member, state=Membership.State.ACTIVE).first()
    if membership is None:
        raise GroupActionError(_("You are not a member of this group."))
    if membership.role == Membership.Role.LEADER:
        raise GroupActionError(_("Hand the group over to another member before you leave it."))
    _end_membership(group, membership, Membership.State.LEFT)


def _end_membership(group, membership, state):
    """End an active membership and free its seat; then give the seat to the waitlist."""
    with transaction.atomic():
        _end_membership_row(group, membership, state)
    _seat_freed(group)


def _seat_freed(group):
    """After a seat frees: the waitlist first, then the size band. Run outside other locks (it locks other members)."""
    serve_waitlist(group)
    _check_size_band(group)


def _end_membership_row(group, membership, state):
    updated = Membership.objects.filter(pk=membership.pk, state=Membership.State.ACTIVE).update(
        state=state, ended_at=timezone.now(), role=Membership.Role.MEMBER
    )
    if not updated:
        raise GroupActionError(_("This person is no longer a member."))
    _free_seat(group)
    # A request left over from a double click must not seat them again once they are out.
    _close_open_requests(group, membership.member_id)
    if membership.role != Membership.Role.MEMBER:
        leaders.sync_leader_group(membership.member)


# --- Leading --------------------------------------------------------------------------------------------------------


def leaders_of(group):
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(
            memberships__group=group,
            memberships__state=Membership.State.ACTIVE,
            memberships__role__in=[Membership.Role.LEADER, Membership.Role.CO_LEADER],
        )
    )


def managing_membership(group, user):
    """The user's leader or co-leader membership of this group, or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.leading().filter(group=group, member=user).first()


def approve_requests(group, actor, requests):
    """Approve pending requests in order; those that find the group full go on the waitlist. Returns (n_in, n_wait)."""
    admitted = waitlisted = 0
    for request in requests:
        with transaction.atomic():
            lock_member(request.member_id)  # before the request row: the lock order
            locked = (
                JoinRequest.objects.select_for_update()
                .filter(pk=request.pk, group=group, status=JoinRequest.Status.PENDING)
                .first()
            )
            if locked is None:
                continue
            now = timezone.now()
            try:
                _admit(group, locked.member, request=locked)  # Its own savepoint gives the seat back if it fails.
            except GroupActionError:
                group.refresh_from_db(fields=["member_count", "capacity", "status"])
                if group.is_full and group.is_active:
                    locked.status = JoinRequest.Status.WAITLISTED
                    locked.waitlisted_at = now
                    locked.decided_by = actor
                    locked.save(update_fields=["status", "waitlisted_at", "decided_by"])
                    waitlisted += 1
                    continue
                # Banned or already in: close the request without a seat.
                locked.status = JoinRequest.Status.REJECTED
                locked.decided_by, locked.decided_at = actor, now
                locked.save(update_fields=["status", "decided_by", "decided_at"])
                continue
            locked.status = JoinRequest.Status.APPROVED
            locked.decided_by, locked.decided_at = actor, now
            locked.save(update_fields=["status", "decided_by", "decided_at"])
            email_member(locked.member, "groups/email/request_decided", {"group": group, "request": locked})
            points.award(actor, "join_request_handled", locked, scope=group)
            admitted += 1
    if admitted:
        _check_size_band(group)
    return admitted, waitlisted


def reject_requests(group, actor, requests, reason=""):
    rejected = 0
    for request in requests:
        with transaction.atomic():
            updated = JoinRequest.objects.filter(
                pk=request.pk, group=group, status__in=JoinRequest.OPEN_STATUSES
            ).update(
                status=JoinRequest.Status.REJECTED, decided_by=actor, decided_at=timezone.now(), reason=reason[:300]
            )
            if updated:
                request.refresh_from_db()
                email_member(request.member, "groups/email/request_decided", {"group": group, "request": request})
                points.award(actor, "join_request_handled", request, scope=group)
                rejected += 1
    return rejected


def _target_membership(group, member_id):
    membership = (
        Membership.objects.filter(group=group, member_id=member_id, state=Membership.State.ACTIVE)
        .select_related("member")
        .first()
    )
    if membership is None:
        raise GroupActionError(_("This person is not a member of the group."))
    return membership


def _require_leader_over(actor_membership, target):
    """Co-leaders manage members; only the leader manages co-leaders; nobody manages the leader."""
    if target.role == Membership.Role.LEADER:
        raise GroupActionError(_("The leader's role can only change through a leadership transfer."))
    if target.role == Membership.Role.CO_LEADER and actor_membership.role != Membership.Role.LEADER:
        raise GroupActionError(_("Only the leader can change a co-leader."))


def set_role(group, actor_membership, member_id, role):
    target = _target_membership(group, member_id)
    _require_leader_over(actor_membership, target)
    if role not in (Membership.Role.CO_LEADER, Membership.Role.MEMBER):
        raise GroupActionError(_("That role cannot be given here."))
    Membership.objects.filter(pk=target.pk, state=Membership.State.ACTIVE).update(role=role)
    leaders.sync_leader_group(target.member)
    return target


def remove_member(group, actor_membership, member_id, *, ban=False):
    target = _target_membership(group, member_id)
    if target.pk == actor_membership.pk:
        raise GroupActionError(_("You cannot remove yourself; leave the group instead."))
    _require_leader_over(actor_membership, target)
    _end_membership(group, target, Membership.State.BANNED if ban else Membership.State.REMOVED)
    if ban:
        JoinRequest.objects.filter(group=group, member_id=member_id, status__in=JoinRequest.OPEN_STATUSES).update(
            status=JoinRequest.Status.REJECTED, decided_at=timezone.now()
        )
    return target


def update_capacity(group, capacity):
    rules = GroupRules.load()
    maximum = min(rules.max_group_size, 100)
    if capacity > maximum:
        raise GroupActionError(_("A group can have at most %(max)d members.") % {"max": maximum})
    # Conditional, so a join landing at the same moment cannot leave more members than seats.
    updated = CommunityGroup.objects.filter(pk=group.pk, member_count__lte=capacity).update(capacity=capacity)
    if not updated:
        raise GroupActionError(_("The group has more members than that; the capacity cannot go below its size."))
    group.refresh_from_db(fields=["capacity", "member_count"])
    purge_group(group)
    serve_waitlist(group)


def record_profile_change(group, actor, changed):
    """Store who changed which fields from what to what; staff read these in the admin."""
    if changed:
        GroupProfileChange.objects.create(group=group, actor=actor, changes=changed)


def offer_leadership(group, actor_membership, member_id):
    if actor_membership.role != Membership.Role.LEADER:
        raise GroupActionError(_("Only the leader can hand over the group."))
    target = _target_membership(group, member_id)
    if target.pk == actor_membership.pk:
        raise GroupActionError(_("You lead this group already."))
    try:
        with transaction.atomic():
            LeadershipTransfer.objects.filter(group=group, status=LeadershipTransfer.Status.PENDING).update(
                status=LeadershipTransfer.Status.CANCELLED, decided_at=timezone.now()
            )
            transfer = LeadershipTransfer.objects.create(
                group=group, from_member=actor_membership.member, to_member=target.member
            )
    except IntegrityError as exc:
        raise GroupActionError(_("A transfer is already waiting for an answer.")) from exc
    email_member(target.member, "groups/email/leadership_offered", {"group": group, "transfer": transfer})
    return transfer


def answer_leadership(transfer, member, *, accept):
    if transfer.to_member_id != member.pk:
        raise GroupActionError(_("This offer is not for you."))
    group = transfer.group
    with transaction.atomic():
        locked = (
            LeadershipTransfer.objects.select_for_update()
            .filter(pk=transfer.pk, status=LeadershipTransfer.Status.PENDING)
            .first()
        )
        if locked is None:
            raise GroupActionError(_("This offer is no longer open."))
        if not accept:
            locked.status = LeadershipTransfer.Status.DECLINED
            locked.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_at"])
            return locked
        new = Membership.objects.filter(group=group, member=member, state=Membership.State.ACTIVE).first()
        if new is None:
            raise GroupActionError(_("You are no longer a member of this group."))
        # Step the old leader down first: the one-leader constraint holds at every statement.
        Membership.objects.filter(group=group, role=Membership.Role.LEADER, state=Membership.State.ACTIVE).update(
            role=Membership.Role.CO_LEADER
        )
        Membership.objects.filter(pk=new.pk).update(role=Membership.Role.LEADER)
        leaders.sync_leader_group(member, locked.from_member)
        locked.status = LeadershipTransfer.Status.ACCEPTED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        email_member(locked.from_member, "groups/email/leadership_transferred", {"group": group, "transfer": locked})
    return locked


def archive_group(group, actor, *, by_staff=False):
    updated = CommunityGroup.objects.filter(pk=group.pk, status=CommunityGroup.Status.ACTIVE).update(
        status=CommunityGroup.Status.ARCHIVED, archived_at=timezone.now()
    )
    if not updated:
        raise GroupActionError(_("This group is archived already."))
    purge_group(group)
    JoinRequest.objects.filter(group=group, status__in=JoinRequest.OPEN_STATUSES).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    group.refresh_from_db()
    leaders.sync_leader_group(*leaders_of_any_state(group))
    if by_staff:
        log(instance=group, action="groups.group.archive", user=actor)
    return group


def leaders_of_any_state(group):
    """Leaders and co-leaders of a group whatever its status (for re-syncing the Leaders auth group)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(
            memberships__group=group,
            memberships__state=Membership.State.ACTIVE,
            memberships__role__in=[Membership.Role.LEADER, Membership.Role.CO_LEADER],
        )
    )


def pending_transfer_for(member):
    return (
        LeadershipTransfer.objects.filter(to_member=member, status=LeadershipTransfer.Status.PENDING)
        .select_related("group", "from_member")
        .first()
    )
