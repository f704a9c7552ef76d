"""Applications to recruitment calls: one per member and call, decisions with e-mails, the quota under concurrency,
and what acceptance grants (founding rights and the Leaders group, or the lecturer title)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.accounts.locks import lock_member
from portal.groups.services import leaders
from website.core.email import email_member

from . import notifications
from .models.records import Application, CallCounter


class RecruitmentError(Exception):
    """A refused action; the message is for the person who asked."""


def apply(call, member, answers):
    """One application per member and call (a withdrawn one is reopened), checked under the member's lock."""
    if not call.live or not call.is_open():
        raise RecruitmentError(_("This call is not open."))
    try:
        with transaction.atomic():
            lock_member(member)
            existing = Application.objects.select_for_update().filter(call=call, member=member).first()
            if existing is not None:
                if existing.status != Application.Status.WITHDRAWN:
                    raise RecruitmentError(_("You have already applied to this call."))
                existing.answers, existing.status, existing.created_at = (
                    answers,
                    Application.Status.SUBMITTED,
                    timezone.now(),
                )
                existing.save(update_fields=["answers", "status", "created_at"])
                application = existing
            else:
                application = Application.objects.create(call=call, member=member, answers=answers)
            notifications.application_submitted(application)
            return application
    except IntegrityError as exc:
        raise RecruitmentError(_("You have already applied to this call.")) from exc


def withdraw(call, member):
    updated = Application.objects.filter(call=call, member=member, status__in=Application.OPEN_STATUSES).update(
        status=Application.Status.WITHDRAWN
    )
    if not updated:
        raise RecruitmentError(_("You have no open application to this call."))
    from .signals import purge_call

    purge_call(call)


def accepted_count(call):
    counter = CallCounter.objects.filter(call=call).first()
    return counter.accepted if counter else 0


def _grant(application, actor):
    call = application.call
    member, role = application.member, call.role
    if role == call.Role.LEADER:
        leaders.grant(member, actor, note=_("Accepted through “%(call)s”") % {"call": call.title})
    elif role == call.Role.LECTURER and member.lecturer_since is None:
        member.lecturer_since = timezone.now()
        member.save(update_fields=["lecturer_since"])


def decide(applications, actor, status, note=""):
    """Shortlist, accept or reject; acceptances stop at the call's quota. Returns (done, refused_for_quota)."""
    if status not in (Application.Status.SHORTLISTED, Application.Status.ACCEPTED, Application.Status.REJECTED):
        raise ValueError(status)
    done = over_quota = 0
    for application in applications:
        with transaction.atomic():
            # The member before their application (the lock order apply() keeps); acceptance grants them rights.
            lock_member(application.member_id)
            locked = (
                Application.objects.select_for_update()
                .select_related("call", "member")
                .filter(pk=application.pk, status__in=Application.OPEN_STATUSES)
                .first()
            )
            if locked is None or locked.status == status:
                continue
            if status == Application.Status.ACCEPTED:
                CallCounter.objects.get_or_create(call=locked.call)
                taken = CallCounter.objects.filter(call=locked.call, accepted__lt=locked.call.quota).update(
                    accepted=F("accepted") + 1
                )
                if not taken:
                    over_quota += 1
                    continue
                _grant(locked, actor)
            locked.status = status
            locked.decided_by, locked.decided_at = actor, timezone.now()
            if note:
                locked.staff_note = (locked.staff_note + "\n" + note).strip()[:1000]
            locked.save()
            log(instance=locked, action=f"recruitment.{status}", user=actor)
            email_member(locked.member, "recruitment/email/decided", {"application": locked, "call": locked.call})
            done += 1
    return done, over_quota


def revoke_leader(member, actor):
    leaders.revoke(member)
    log(instance=member, action="recruitment.revoke_leader", user=actor)


def revoke_lecturer(member, actor):
    member.lecturer_since = None
    member.save(update_fields=["lecturer_since"])
    log(instance=member, action="recruitment.revoke_lecturer", user=actor)
