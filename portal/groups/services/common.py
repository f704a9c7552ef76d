"""What every groups service shares: the error they raise, an admission rule's result, who leads a group.

Kept apart from the services by purpose so each of them can import it without importing the others."""

from dataclasses import dataclass

from ..models import Membership


class GroupActionError(Exception):
    """A request the rules refuse; the message is shown to the person who made it."""


@dataclass(frozen=True)
class RuleCheck:
    code: str
    label: str
    passed: bool
    detail: str = ""

    def as_dict(self):
        return {"code": self.code, "label": str(self.label), "passed": self.passed, "detail": str(self.detail)}


def leaders_of(group):
    """The group's active leaders and co-leaders, whatever the group's own status (an archived group's leaders are
    still its leaders when the Leaders auth group is re-synced)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(
            memberships__group=group,
            memberships__state=Membership.State.ACTIVE,
            memberships__role__in=[Membership.Role.LEADER, Membership.Role.CO_LEADER],
        )
    )
