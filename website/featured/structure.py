"""The featured-groups page and its two-step workflow: "Editors review", then "Community team approval"."""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from website.core.site_setup import add_index_page, step

from .models import FeaturedGroupIndexPage

WORKFLOW = "精选社群发布审核"
TASKS = [("编辑审核", "Editors"), ("社群运营团队批准", "Community team")]


@step(500)
def directory_and_workflow(using):
    add_index_page(
        FeaturedGroupIndexPage,
        using,
        title="精选社群",
        slug="featured",
        show_in_menus=True,
        intro="运营团队精选的核心社群：看看好社群是怎么做起来的。",
    )
    index = FeaturedGroupIndexPage.objects.using(using).first()
    if index is None:
        return
    workflow, created = Workflow.objects.using(using).get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        for order, (name, group_name) in enumerate(TASKS):
            task = GroupApprovalTask.objects.using(using).create(name=name, active=True)
            task.groups.set([Group.objects.using(using).get_or_create(name=group_name)[0]])
            WorkflowTask.objects.using(using).create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.using(using).get_or_create(page_id=index.pk, defaults={"workflow": workflow})
