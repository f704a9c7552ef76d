"""The groups app's notification types (registered with portal.notifications when the app loads) and the functions
its services call to emit them: membership and stage events in ``membership``, activity events in ``activities``."""

from . import activities, membership  # noqa: F401
