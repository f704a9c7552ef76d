"""gunicorn settings for the web process (the image's CMD and deploy/Procfile pass --config deploy/gunicorn.conf.py).

Everything else keeps gunicorn's defaults, read from the environment: it binds 0.0.0.0:$PORT when PORT is set (8000 in
the image) and starts WEB_CONCURRENCY sync workers.
"""

# The control socket (gunicorn 27+) would be made under the user's home, which the image's user does not have; nothing
# here uses it.
control_socket_disable = True
