"""The groups app's pages, one module per purpose: ``directory`` (the directory, a group's page, the league, my
groups), ``membership`` (join, withdraw, leave), ``founding``, ``manage`` (the leaders' pages) and ``activities``
(activities, the stage checklist, spin-offs). Staff-only views live in ``admin_views``."""
