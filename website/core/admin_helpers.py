"""Permission helpers shared by the wagtail-modeladmin screens of records that only services write."""

from django.contrib import admin
from django.utils.translation import pgettext
from wagtail_modeladmin import views
from wagtail_modeladmin.helpers import PermissionHelper


class ReadOnlyPermissionHelper(PermissionHelper):
    """Records written by services only: staff list and inspect them, never add, edit or delete them by hand."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)


class EditOnlyPermissionHelper(PermissionHelper):
    """Rows created in code (rules, balances): staff may edit some fields, never add or delete rows."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def yes_no_column(model, field_name):
    """A list_display column that reads a boolean field as 是/否 in the active language.

    Django's own boolean column is an icon whose alt text is "True" or "False", in English whatever the language, and
    that is what a screen reader announces.
    """
    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def column(obj):
        return pgettext("boolean column", "Yes") if getattr(obj, field_name) else pgettext("boolean column", "No")

    column.__name__ = f"{field_name}_yes_no"
    return column


class InspectView(views.InspectView):
    """The inspect screen, with booleans in words: wagtail-modeladmin prints them as "True" and "False"."""

    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return pgettext("boolean column", "Yes") if value else pgettext("boolean column", "No")
        return value
