"""The notification centre: other apps hand it an event type, recipients and a target; it decides who hears what,
on which channel, and delivers it (portal.notifications.services.notify)."""
