"""Core's part of the site structure: content locales, Wagtail's root page and collection, and the staff groups.

Wagtail's own migrations make the root page, the root collection, the Moderators and Editors groups and the default
"Moderators approval" workflow; a flush empties them like every other table, so they are put back here as Wagtail
makes them (with the Chinese names the admin shows) whenever the root page is missing.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .permissions import ensure_staff_groups
from .site_setup import step

DEFAULT_LOCALE = "zh-hans"
SECOND_LOCALE = "en"
ROOT_NAME = "根目录"
MODERATION = "审核员审批"

_MEDIA = ["add", "change", "choose"]
_WAGTAIL_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtail_localize.submit_translation",
    *(f"wagtailimages.{action}_image" for action in [*_MEDIA, "delete"]),
    *(f"wagtaildocs.{action}_document" for action in [*_MEDIA, "delete"]),
]
# Wagtail's groups: (model permissions, page permissions on the root page); both get the media permissions on the
# root collection.
WAGTAIL_GROUPS = {
    "Moderators": (
        _WAGTAIL_MODEL_PERMISSIONS,
        ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
    ),
    "Editors": (_WAGTAIL_MODEL_PERMISSIONS, ["add_page", "change_page"]),
}
# Wagtail's English names for its own records, and the Chinese ones the admin shows instead.
RENAMES = [
    (Page, "title", {"depth": 1}, "Root", ROOT_NAME),
    (Collection, "name", {"depth": 1}, "Root", ROOT_NAME),
    (Workflow, "name", {}, "Moderators approval", MODERATION),
    (GroupApprovalTask, "name", {}, "Moderators approval", MODERATION),
]


@step(0)
def content_locales(using):
    """Simplified Chinese (the original) and English. An install that started under another LANGUAGE_CODE has its
    pages in that locale, so it becomes zh-hans rather than leaving the pages in a language the site no longer offers.
    """
    locales = Locale.objects.using(using)
    if not locales.filter(language_code=DEFAULT_LOCALE).exists():
        home = Page.objects.using(using).filter(depth=2).order_by("path").first()
        first = locales.filter(pk=home.locale_id).first() if home else None
        if first is not None and first.language_code != SECOND_LOCALE:
            first.language_code = DEFAULT_LOCALE
            first.save(update_fields=["language_code"])
        else:
            locales.create(language_code=DEFAULT_LOCALE)
    locales.get_or_create(language_code=SECOND_LOCALE)


@step(10)
def wagtail_root(using):
    """The root page and collection; on an emptied database, Wagtail's groups and default workflow with them."""
    if not Collection.objects.using(using).filter(depth=1).exists():
        Collection.add_root(instance=Collection(name=ROOT_NAME))
    if Page.objects.using(using).filter(depth=1).exists():
        _chinese_names(using)
        return
    locale = Locale.objects.using(using).get(language_code=DEFAULT_LOCALE)
    root = Page.add_root(instance=Page(title=ROOT_NAME, draft_title=ROOT_NAME, slug="root", locale=locale))
    # wagtail-localize's migration makes this permission (on a content type of its own), not create_permissions.
    translation_type, _ = ContentType.objects.db_manager(using).get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.using(using).get_or_create(
        content_type=translation_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    groups = {name: _wagtail_group(using, name, *spec, root) for name, spec in WAGTAIL_GROUPS.items()}
    workflow = Workflow.objects.using(using).create(name=MODERATION, active=True)
    task = GroupApprovalTask.objects.using(using).create(name=MODERATION, active=True)
    task.groups.set([groups["Moderators"]])
    WorkflowTask.objects.using(using).create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.using(using).create(workflow=workflow, page=root)


def _chinese_names(using):
    """Records still carrying Wagtail's English default names get the Chinese ones (data, not translatable strings:
    the Chinese admin would read "Exploring: Root")."""
    for model, field, extra, english, chinese in RENAMES:
        values = {field: chinese, "draft_title": chinese} if model is Page else {field: chinese}
        model.objects.using(using).filter(**extra, **{field: english}).update(**values)


def _wagtail_group(using, name, model_permissions, page_permissions, root):
    group, _ = Group.objects.using(using).get_or_create(name=name)
    collection = Collection.objects.using(using).get(depth=1)
    permissions = Permission.objects.using(using)
    for dotted in model_permissions:
        app_label, codename = dotted.split(".")
        permission = permissions.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is None:
            continue
        group.permissions.add(permission)
        if codename.split("_")[0] in _MEDIA:
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=collection, permission=permission
            )
    for permission in permissions.filter(content_type__app_label="wagtailcore", codename__in=page_permissions):
        GroupPagePermission.objects.using(using).get_or_create(group=group, page=root, permission=permission)
    return group


@step(1000)
def staff_groups(using):
    """Last: the staff groups are granted permissions of every app's models."""
    ensure_staff_groups(using=using)
