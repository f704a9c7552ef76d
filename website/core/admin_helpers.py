"""Helpers shared by the wagtail-modeladmin screens: permissions for records that only services write, row actions
that lead to an app's custom staff views, booleans in words."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import pgettext
from wagtail_modeladmin import views
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper


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


def _always(obj):
    return True


def _own_pk(obj):
    return obj.pk


@dataclass(frozen=True)
class RowAction:
    """A button on each row of a modeladmin listing that opens one of the app's staff views for that row.

    Shown when the user has ``permission`` (if any) and ``shown_for(obj)`` holds; the URL is ``url_name`` reversed
    with ``url_arg(obj)``. ``first`` puts it before the standard buttons (the row's main decision), else after.
    """

    url_name: str
    label: str
    title: str
    permission: str = ""
    shown_for: Callable = _always
    url_arg: Callable = _own_pk
    classname: str = "button button-small button-secondary"
    first: bool = False

    def is_shown(self, obj, user):
        return self.shown_for(obj) and (not self.permission or user.has_perm(self.permission))

    def button(self, obj):
        return {
            "url": reverse(self.url_name, args=[self.url_arg(obj)]),
            "label": self.label,
            "classname": self.classname,
            "title": self.title,
        }


class RowActionButtonHelper(ButtonHelper):
    """The standard buttons plus the ModelAdmin's ``row_actions``: the one button helper every screen uses."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        actions = getattr(self.view.model_admin, "row_actions", ())
        shown = [action for action in actions if action.is_shown(obj, self.request.user)]
        first = [action.button(obj) for action in shown if action.first]
        last = [action.button(obj) for action in shown if not action.first]
        return first + buttons + last
