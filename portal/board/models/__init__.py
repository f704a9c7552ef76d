from .checkins import *  # noqa: F403
from .checkins import __all__ as _checkins
from .moderation import *  # noqa: F403
from .moderation import __all__ as _moderation
from .posts import *  # noqa: F403
from .posts import __all__ as _posts
from .settings import *  # noqa: F403
from .settings import __all__ as _settings

__all__ = [*_settings, *_posts, *_moderation, *_checkins]
