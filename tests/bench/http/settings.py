"""Settings for `make bench-http`: production's, unchanged, with the benchmark's URL map (a bare view in front)."""

from website.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.http.urls"
