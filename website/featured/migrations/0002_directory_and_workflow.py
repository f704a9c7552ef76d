"""The featured-groups page and its two-step workflow: "Editors review", then "Community team approval"."""

from django.db import migrations

from website.core.migration_utils import add_child_page, home_page

WORKFLOW = "精选社群发布审核"
TASKS = [("编辑审核", "Editors"), ("社群运营团队批准", "Community team")]


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    home = home_page(apps)
    Index = apps.get_model("featured", "FeaturedGroupIndexPage")
    if home is None:
        return
    index = Index.objects.first() or add_child_page(
        apps,
        home,
        "featured.FeaturedGroupIndexPage",
        title="精选社群",
        slug="featured",
        show_in_menus=True,
        intro="运营团队精选的核心社群：看看好社群是怎么做起来的。",
    )
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        for order, (name, group_name) in enumerate(TASKS):
            task = GroupApprovalTask.objects.create(name=name, active=True, content_type=task_type)
            task.groups.set([Group.objects.get_or_create(name=group_name)[0]])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.get_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("featured", "0001_initial"),
        ("home", "0003_standardpage"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
