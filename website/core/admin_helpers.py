"""Permission helpers shared by the wagtail-modeladmin screens of records that only services write."""

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
