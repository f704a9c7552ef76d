"""Models of the showcases app: the pages (pages.py, on top: their routes call the views) and the records the
services work on (records.py, which never imports the pages)."""

from .pages import *  # noqa: F403
from .records import *  # noqa: F403
