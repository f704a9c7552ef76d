"""Give the records Wagtail creates with English names Chinese ones: the root page, the root collection and the
default "Moderators approval" workflow and its task.

They are data, not translatable strings, so the Chinese admin read "Exploring: Root" and "Moderators approval" on
the explorer, the editor and the workflow screens. Only names still at Wagtail's defaults are changed.
"""

from django.db import migrations

RENAMES = [
    # (app label, model, name field, extra filter, Wagtail's name, Chinese name)
    ("wagtailcore", "Page", "title", {"depth": 1}, "Root", "根目录"),
    ("wagtailcore", "Collection", "name", {"depth": 1}, "Root", "根目录"),
    ("wagtailcore", "Workflow", "name", {}, "Moderators approval", "审核员审批"),
    ("wagtailcore", "Task", "name", {}, "Moderators approval", "审核员审批"),
]


def rename(apps, reverse=False):
    for app_label, model_name, field, extra, english, chinese in RENAMES:
        old, new = (chinese, english) if reverse else (english, chinese)
        values = {field: new, "draft_title": new} if model_name == "Page" else {field: new}
        apps.get_model(app_label, model_name).objects.filter(**extra, **{field: old}).update(**values)


def forwards(apps, schema_editor):
    rename(apps)


def backwards(apps, schema_editor):
    rename(apps, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_standardpage"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
