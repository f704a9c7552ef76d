"""Models of the groups app, one module per idea: groups and their records, activities, the lifecycle."""

from .activities import *  # noqa: F403
from .groups import *  # noqa: F403
from .lifecycle import *  # noqa: F403

# Referenced by migrations by their old dotted paths.
from .activities import activity_photo_upload_to  # noqa: E402, F401
from .groups import cover_upload_to, qr_upload_to  # noqa: E402, F401
