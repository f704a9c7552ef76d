"""Models of the groups app, one module per idea: groups and their records, activities, the lifecycle."""

from .activities import *  # noqa: F403
from .activities import activity_photo_upload_to  # noqa: F401 - migrations refer to it here
from .applications import *  # noqa: F403
from .groups import *  # noqa: F403
from .groups import cover_upload_to, qr_upload_to  # noqa: F401 - migrations refer to them here
from .invitations import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .membership import *  # noqa: F403
from .pages import *  # noqa: F403
