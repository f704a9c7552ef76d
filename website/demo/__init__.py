"""The demo site's builders, kept apart from the production apps: a module per app, run by ``load_demo_data``.

The demo imports the production apps, never the other way round, so nothing here ships in a live site's code paths.
"""
