"""Staff groups and their permissions, declared in code and applied after every migrate, and the one check that
guards every custom staff view.

Apps above core add their own models' permissions through the ``register_staff_permissions`` hook (a function
returning ``{group name: ["app_label.codename", ...]}``); running migrate brings existing databases up to date,
so permissions are never hand-edited in the admin of one installation only.
"""

from functools import wraps

from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied
from django.db import transaction

EDITORS = "Editors"
COMMUNITY_TEAM = "Community team"

# Model permissions as "app_label.codename".
_CONTENT = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

STAFF_GROUPS = {
    EDITORS: {
        "model_permissions": _CONTENT,
        "page_permissions": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
    COMMUNITY_TEAM: {
        "model_permissions": _CONTENT
        + [
            "core.change_sitesettings",
            "accounts.view_user",
        ],
        "page_permissions": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
}


def staff_permission_required(permission):
    """Guards a custom staff view (an app's admin_views.py): without ``permission`` the answer is 403.

    Wagtail's admin URLs already send visitors without admin access to the login page; this is the check by model
    permission behind it, the same for every app, so no view forgets it or refuses differently.
    """

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.staff_permission = permission
        return guarded

    return decorator


# Collection permissions that go with the image/document model permissions above, on the root collection.
_COLLECTION_CODENAMES = {
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
}


def staff_group_spec():
    """STAFF_GROUPS merged with what the apps' ``register_staff_permissions`` hooks add."""
    from wagtail import hooks

    spec = {
        name: {**value, "model_permissions": list(value["model_permissions"])} for name, value in STAFF_GROUPS.items()
    }
    for hook in hooks.get_hooks("register_staff_permissions"):
        for name, codenames in hook().items():
            spec.setdefault(name, {"model_permissions": [], "page_permissions": []})["model_permissions"] += codenames
    return spec


def ensure_staff_groups(sender=None, apps=None, using="default", verbosity=0, **kwargs):
    """Create the staff groups and grant what STAFF_GROUPS lists; adds, never removes, so local grants survive."""
    apps = apps or global_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        Page = apps.get_model("wagtailcore", "Page")
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    except LookupError:
        return

    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    with transaction.atomic(using=using):
        for name, spec in staff_group_spec().items():
            group, _ = Group.objects.using(using).get_or_create(name=name)
            for dotted in spec["model_permissions"]:
                app_label, codename = dotted.split(".")
                permission = (
                    Permission.objects.using(using)
                    .filter(content_type__app_label=app_label, codename=codename)
                    .first()
                )
                if permission is None:
                    # The model's permissions appear on a later migrate, once its app is installed.
                    continue
                group.permissions.add(permission)
                if root_collection is not None and codename in _COLLECTION_CODENAMES:
                    GroupCollectionPermission.objects.using(using).get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
            if root_page is not None:
                for codename in spec["page_permissions"]:
                    permission = (
                        Permission.objects.using(using)
                        .filter(content_type__app_label="wagtailcore", codename=codename)
                        .first()
                    )
                    if permission is not None:
                        GroupPagePermission.objects.using(using).get_or_create(
                            group=group, page=root_page, permission=permission
                        )
