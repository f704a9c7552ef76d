"""Every rule about founding, joining and leading groups, one module per purpose; views call these and render.

``founding`` (admission rules, applications), ``membership`` (seats, joining, the waitlist, requests), ``leadership``
(roles, transfers, removing and archiving), ``group_settings`` (what leaders edit, in one transaction),
``activities``, ``spinoff``, ``lifecycle`` and ``leaders`` (the Leaders auth group); ``common`` holds what they share.
Functions raise ``GroupActionError`` with a message for the person who acted; nothing is changed when they do.
The names other apps use are re-exported here, so ``from portal.groups.services import X`` is the one import path.
"""

from . import activities, leaders, lifecycle, spinoff
from .common import GroupActionError, RuleCheck, leaders_of
from .founding import (
    admission_checks,
    approve_application,
    decide_application,
    groups_led_count,
    member_points,
    name_taken,
    similar_groups,
    submit_application,
)
from .group_settings import record_profile_change, update_capacity, update_group_settings
from .leadership import (
    answer_leadership,
    archive_group,
    managing_membership,
    offer_leadership,
    pending_transfer_for,
    remove_member,
    set_role,
)
from .membership import (
    JoinState,
    approve_requests,
    clean_answers,
    join_state,
    leave_group,
    reject_requests,
    request_to_join,
    serve_waitlist,
    size_band,
    withdraw_request,
)

__all__ = [
    "GroupActionError",
    "JoinState",
    "RuleCheck",
    "activities",
    "admission_checks",
    "answer_leadership",
    "approve_application",
    "approve_requests",
    "archive_group",
    "clean_answers",
    "decide_application",
    "groups_led_count",
    "join_state",
    "leaders",
    "leaders_of",
    "leave_group",
    "lifecycle",
    "managing_membership",
    "member_points",
    "name_taken",
    "offer_leadership",
    "pending_transfer_for",
    "record_profile_change",
    "reject_requests",
    "remove_member",
    "request_to_join",
    "serve_waitlist",
    "set_role",
    "similar_groups",
    "size_band",
    "spinoff",
    "submit_application",
    "update_capacity",
    "update_group_settings",
    "withdraw_request",
]
