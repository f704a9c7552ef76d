"""The community team's to-dos on the admin home: what waits on staff, how much of it, and where it is done.

Each to-do is a count of one queue (board reports for the team, founding applications, core proposals, overdue join
requests, redemptions, showcase entries, recruitment applications) and a link to the admin list already filtered to
that queue, so the number on the home page and the rows behind the link always agree. A user sees only the to-dos
their permissions let them act on. Pages waiting in a workflow keep Wagtail's own panel, which sits right below these.

Every to-do costs one COUNT on an indexed status column, so the home page takes the same number of queries
however many rows wait.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.board.models import Report
from portal.board.services.admin_queue import in_state
from portal.groups.models import GroupApplication, JoinRequest, StageProposal
from portal.points.models import Redemption
from recruitment.models import Application
from website.showcases.models import Entry

# A join request is the group leaders' to decide; the community team steps in once it has waited this long.
JOIN_REQUEST_OVERDUE = timedelta(days=7)


@dataclass(frozen=True)
class Todo:
    """One queue of work: who may act on it, how to count it and which filtered admin list shows it."""

    key: str
    model: type
    permission: str
    label: Promise
    nothing_waiting: Promise
    url_name: str
    # Query-string filters of the admin list; the same lookups count the queue, so both always agree.
    filters: dict
    # A queue no lookups can say (an OR, one row per reported content): its rows, as the admin list's default view
    # selects them with the same function, so again the count and the list agree.
    rows: Callable | None = None

    def queryset(self, now):
        if self.rows is not None:
            return self.rows(now)
        return self.model.objects.filter(**self.lookups(now))

    def lookups(self, now):
        lookups = {}
        for key, value in self.filters.items():
            lookups[key.removesuffix("__exact")] = value(now) if callable(value) else value
        return lookups

    def url(self, now):
        query = {key: _as_query_value(value(now) if callable(value) else value) for key, value in self.filters.items()}
        return f"{reverse(self.url_name)}?{urlencode(query)}" if query else reverse(self.url_name)


def _as_query_value(value):
    # Whole seconds keep the link readable; the admin list parses the ISO timestamp with its offset.
    if hasattr(value, "isoformat"):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def _overdue_cutoff(now):
    return (now - JOIN_REQUEST_OVERDUE).replace(microsecond=0)


def _board_reports_for_the_team(now):
    return in_state(Report.objects.all(), "team", now)


# Most urgent first: reported content nobody has decided on (on a leader's own content, or open for 48 hours while
# it may still be harming someone), then members left waiting longest, then members waiting on a first decision,
# then work with a deadline of its own (a showcase's voting window), then rewards already paid for, then slower
# decisions.
TODOS = (
    Todo(
        key="board_reports",
        model=Report,
        permission="board.change_report",
        label=_("Board reports waiting for the team"),
        nothing_waiting=_("No board reports are waiting for the team."),
        url_name="board_report_modeladmin_index",
        filters={},  # the list's default state is the team's queue
        rows=_board_reports_for_the_team,
    ),
    Todo(
        key="join_requests",
        model=JoinRequest,
        permission="groups.view_joinrequest",
        label=_("Join requests waiting over 7 days"),
        nothing_waiting=_("No join requests have waited over 7 days."),
        url_name="groups_joinrequest_modeladmin_index",
        filters={"status__exact": JoinRequest.Status.PENDING.value, "created_at__lt": _overdue_cutoff},
    ),
    Todo(
        key="founding_applications",
        model=GroupApplication,
        permission="groups.change_groupapplication",
        label=_("Founding applications to decide"),
        nothing_waiting=_("No founding applications are waiting."),
        url_name="groups_groupapplication_modeladmin_index",
        filters={"status__exact": GroupApplication.Status.SUBMITTED.value},
    ),
    Todo(
        key="showcase_entries",
        model=Entry,
        permission="showcases.change_entry",
        label=_("Showcase entries to moderate"),
        nothing_waiting=_("No showcase entries are waiting for moderation."),
        url_name="wagtailsnippets_showcases_entry:list",
        filters={"status": Entry.Status.PENDING.value},
    ),
    Todo(
        key="redemptions",
        model=Redemption,
        permission="points.change_redemption",
        label=_("Redemptions to fulfil"),
        nothing_waiting=_("No redemptions are waiting to be fulfilled."),
        url_name="points_redemption_modeladmin_index",
        filters={"status__exact": Redemption.Status.REQUESTED.value},
    ),
    Todo(
        key="recruitment_applications",
        model=Application,
        permission="recruitment.change_application",
        label=_("Recruitment applications to review"),
        nothing_waiting=_("No recruitment applications are waiting for review."),
        url_name="recruitment_application_modeladmin_index",
        filters={"status__exact": Application.Status.SUBMITTED.value},
    ),
    Todo(
        key="core_proposals",
        model=StageProposal,
        permission="groups.change_stageproposal",
        label=_("Core proposals to confirm"),
        nothing_waiting=_("No core proposals are waiting for confirmation."),
        url_name="groups_stageproposal_modeladmin_index",
        filters={"status__exact": StageProposal.Status.PENDING.value},
    ),
)


@dataclass(frozen=True)
class TodoCount:
    todo: Todo
    count: int
    url: str

    @property
    def label(self):
        return self.todo.label

    @property
    def nothing_waiting(self):
        return self.todo.nothing_waiting

    @property
    def key(self):
        return self.todo.key


def todos_for(user):
    """The to-dos ``user`` may act on, in order of urgency (no queries beyond the user's cached permissions)."""
    return [todo for todo in TODOS if user.has_perm(todo.permission)]


def count_todos(todos, now=None):
    """Each to-do with its count and link: to-dos with work waiting first, each group in order of urgency."""
    now = now or timezone.now()
    counted = [TodoCount(todo, todo.queryset(now).count(), todo.url(now)) for todo in todos]
    return sorted(counted, key=lambda item: item.count == 0)


class StaffTodoPanel(Component):
    """The admin home's first panel: the community team's queues, each a count and a link to the filtered list."""

    name = "staff_todos"
    template_name = "insights/staff_todos_panel.html"
    # Above Wagtail's own panels (pages to review is 220), which keep their places below.
    order = 50

    def __init__(self, todos):
        self.todos = todos

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        items = count_todos(self.todos)
        context["items"] = items
        context["waiting"] = sum(item.count for item in items)
        return context

    class Media:
        css = {"all": ["insights/staff_todos.css"]}
