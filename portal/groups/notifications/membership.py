"""Notification types and emitters for membership: join requests and decisions, founding applications, spin-offs,
stage changes."""
