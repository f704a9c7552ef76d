"""Notification types and emitters for activities: new activity, reminders, changes and cancellations."""
