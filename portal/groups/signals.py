"""Signals the groups app sends for apps above it (featured pages, notifications) to react to."""

from django.dispatch import Signal

# Sent with group, from_stage, to_stage, after the change is saved (in the same transaction).
stage_changed = Signal()


def _activities_changed(sender, instance, **kwargs):
    from .boards import bump_activities

    bump_activities(instance.group_id)


def connect():
    from django.db.models.signals import post_delete, post_save

    from .models import Activity

    post_save.connect(_activities_changed, sender=Activity, dispatch_uid="groups.activities_changed")
    post_delete.connect(_activities_changed, sender=Activity, dispatch_uid="groups.activities_deleted")
