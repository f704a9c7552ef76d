"""Recruitment's notification types (registered when the app loads) and their emitters: the community team hears of
each application to a call, with a link to the call's review screen."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.groups.notifications.membership import TEAM, community_team
from portal.notifications.services import notify
from portal.notifications.types import Channel, NotificationType, register

register(
    NotificationType(
        "recruitment.application_submitted",
        _("A member applies to a recruitment call"),
        "recruitment/notifications/application_submitted.txt",
        default=Channel.EMAIL,
        section=TEAM,
        position=60,
        staff_only=True,
    ),
)


def application_submitted(application):
    """Called in the transaction that wrote the application; a withdrawn application sent again is news again."""
    call = application.call
    notify(
        "recruitment.application_submitted",
        community_team(),
        target=application,
        url=reverse("recruitment_review", args=[call.pk]),
        actor=application.member,
        params={"call": call.title, "applicant": application.member.get_display_name()},
        key=f"application:{application.pk}:{application.created_at.isoformat()}",
    )
