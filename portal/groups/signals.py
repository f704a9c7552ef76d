"""Signals the groups app sends for apps above it (featured pages, notifications) to react to."""

from django.dispatch import Signal

# Sent with group, from_stage, to_stage, after the change is saved (in the same transaction).
stage_changed = Signal()
