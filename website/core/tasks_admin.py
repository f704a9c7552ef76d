"""Failed tasks (the dead letters of the database queue) for staff: what failed, why, how often it was tried, and a
retry that queues the task again with a fresh set of tries. Every retry is logged."""

import json
import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log

from .permissions import staff_permission_required
from .task_retries import attempts_of

logger = logging.getLogger(__name__)

VIEW_PERMISSION = "django_tasks_database.view_dbtaskresult"
RETRY_PERMISSION = "django_tasks_database.change_dbtaskresult"
RETRY_ACTION = "core.task.retry"
PER_PAGE = 25


class FailedTasksMenuItem(MenuItem):
    """Shown only to staff who may open the list (failed_tasks checks the same permission)."""

    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


class FailedTask:
    """One row of the list, in words staff read: the task, what it was given, the error and the tries."""

    def __init__(self, result):
        self.id = result.id
        self.name = result.task_path.rsplit(".", 1)[-1]
        self.path = result.task_path
        self.arguments = Truncator(json.dumps(result.args_kwargs, ensure_ascii=False)).chars(160)
        lines = result.traceback.strip().splitlines()
        self.error = Truncator(lines[-1] if lines else result.exception_class_path).chars(200)
        self.attempts = attempts_of(result.args_kwargs.get("kwargs") or {})
        self.finished_at = result.finished_at


@staff_permission_required(VIEW_PERMISSION)
def failed_tasks(request):
    results = DBTaskResult.objects.failed().order_by("-finished_at", "-enqueued_at")
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": [FailedTask(result) for result in page],
        "can_retry": request.user.has_perm(RETRY_PERMISSION),
    }
    return TemplateResponse(request, "core/failed_tasks.html", context)


@require_POST
@staff_permission_required(RETRY_PERMISSION)
def retry_failed_task(request, result_id):
    """Queue the task again with its arguments (tries start over) and remove the failed row, both or neither."""
    with transaction.atomic():
        failed = DBTaskResult.objects.failed().select_for_update().filter(pk=result_id).first()
        if failed is None:  # retried a moment ago, from another tab or by a colleague
            messages.info(request, _("This task is no longer in the list of failed tasks."))
            return redirect("core_failed_tasks")
        try:
            task = import_string(failed.task_path)
        except ImportError:
            task = None
        if not isinstance(task, Task):
            messages.error(request, _("This task no longer exists in the code, so it cannot be retried."))
            return redirect("core_failed_tasks")
        args = failed.args_kwargs.get("args") or []
        kwargs = dict(failed.args_kwargs.get("kwargs") or {})
        if "attempt" in kwargs:
            kwargs["attempt"] = 0
        queued = task.using(priority=failed.priority, queue_name=failed.queue_name).enqueue(*args, **kwargs)
        log(
            instance=failed,
            action=RETRY_ACTION,
            user=request.user,
            data={"task": failed.task_path, "queued": str(queued.id)},
        )
        failed.delete()
    logger.info("failed task %s (%s) queued again as %s", result_id, failed.task_path, queued.id)
    messages.success(request, _("The task was queued again."))
    return redirect("core_failed_tasks")
