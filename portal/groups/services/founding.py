"""Founding a group: the admission rules an applicant must pass, groups with a similar name, applications and
their approval by the community team (or at once, in automatic mode).

The rules are checked and the application written under the applicant's lock (``lock_member``), so the same member
submitting many times at once cannot pass "groups led" more than once per free place."""

import re

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

from ..models import (
    CommunityGroup,
    GroupApplication,
    GroupRules,
    LeaderGrant,
    Membership,
)
from ..notifications import membership as notifications
from . import leaders
from .common import GroupActionError, RuleCheck


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
        else:
            notifications.founding_submitted(application)
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
            capacity=rules.capacity_limit,
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
