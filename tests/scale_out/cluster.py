"""Two app servers and their task workers over one PostgreSQL and one Redis, as production runs them.

Each server is gunicorn with production settings, started from the environment a deployment gives it (no settings
module of its own): the same DATABASE_URL, REDIS_URL and cache key prefix, static files collected once. The servers
sit "behind" a TLS-ending load balancer: every request carries the site's one host name and X-Forwarded-Proto: https
(BEHIND_TLS_PROXY=true), so cache keys, HTTPS redirects, secure cookies and CSRF origin checks work as behind Caddy.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookiejar import DefaultCookiePolicy
from http.cookies import SimpleCookie
from pathlib import Path

import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DB_BACKEND = "django_tasks_db.DatabaseBackend"
# The public name both servers answer to (the load balancer passes the Host header on).
SITE_HOST = "community.test"
SITE_ORIGIN = f"https://{SITE_HOST}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict):
    """The URL of the database the test process uses (pytest-django's fresh test database)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def queue_backend_installed():
    """The database task queue is in use once its app is installed (otherwise the servers run tasks immediately)."""
    return "django_tasks_db" in settings.INSTALLED_APPS


def _tail(path, lines=40):
    try:
        return "".join(Path(path).read_text(errors="replace").splitlines(keepends=True)[-lines:])
    except OSError:
        return ""


class Cluster:
    """The environment every process shares, the servers started in it and the workers run in it."""

    def __init__(self, scratch, db_url):
        self.scratch = Path(scratch)
        self.mail_dir = self.scratch / "mail"
        self.mail_dir.mkdir()
        self.queued = queue_backend_installed()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            # 127.0.0.1 for the health checks the "load balancer" sends straight to each server.
            "ALLOWED_HOSTS": f"{SITE_HOST},127.0.0.1",
            "WAGTAILADMIN_BASE_URL": SITE_ORIGIN,
            "BEHIND_TLS_PROXY": "true",
            "DATABASE_URL": db_url,
            "REDIS_URL": settings.REDIS_URL,
            # The test process purges pages through the same keys when it changes data.
            "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
            "EMAIL_BACKEND": "tests.scale_out.mailbox.EmailBackend",
            "SCALE_OUT_MAIL_DIR": str(self.mail_dir),
            "STATIC_ROOT": str(self.scratch / "static"),
            "MEDIA_ROOT": str(self.scratch / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.scratch / "private"),
            "LOG_LEVEL": "WARNING",
            "LOG_FORMAT": "text",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        # Production's queue when its app is installed; without it the servers run each task in the request.
        self.env["TASKS_BACKEND"] = DB_BACKEND if self.queued else "django_tasks.backends.immediate.ImmediateBackend"
        self.servers = []

    def manage(self, *args, timeout=120):
        """Run manage.py in the servers' environment; its output goes to the failure message if it fails."""
        done = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, *names):
        """Collect the static files (WhiteNoise and the manifest read them as a server boots), then start the servers
        side by side; returns them once each answers."""
        self.manage("collectstatic", "--no-input", "-v", "0")
        servers = [Server(name, self.env, self.scratch / f"{name}.log") for name in names]
        self.servers += servers
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_until_ready()
        return servers

    def run_workers(self, count=2, timeout=60):
        """``count`` task workers side by side over the one queue until it is empty; a no-op without the queue."""
        if not self.queued:
            return
        args = [PYTHON, str(ROOT / "manage.py"), "db_worker", "--batch", "--interval", "0.1", "--no-startup-delay"]
        logs = [self.scratch / f"worker-{n}.log" for n in range(count)]
        workers = []
        for log in logs:
            with open(log, "a") as out:
                workers.append(subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + timeout
        for worker, log in zip(workers, logs, strict=True):
            try:
                returncode = worker.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                for other in workers:
                    other.kill()
                    other.wait()
                raise AssertionError(f"a task worker did not finish within {timeout} s:\n{_tail(log)}") from None
            assert returncode == 0, f"a task worker failed (exit {returncode}):\n{_tail(log)}"

    def stop(self):
        for server in self.servers:
            server.stop()


class Server:
    """One gunicorn app server (one sync worker: the second server is the point) on a free loopback port."""

    def __init__(self, name, env, log):
        self.name = name
        self.env = env
        self.log = log
        self.port = free_port()
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def launch(self):
        # Django's own log lines (a 500's traceback) go to the process's stderr, gunicorn's to the same file.
        self.output = open(self.log, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [GUNICORN, "website.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
            + ["--chdir", str(ROOT), "--error-logfile", "-", "--no-control-socket"],
            cwd=ROOT,
            env=self.env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server {self.name} exited with {self.process.returncode}:\n{_tail(self.log)}")
            try:
                answer = requests.get(self.url("/healthz"), headers={"X-Forwarded-Proto": "https"}, timeout=10)
                if answer.status_code == 200:
                    return
                last = f"{answer.status_code} {answer.text[:500]}"
            except requests.RequestException as error:  # refused before the bind, or no worker booted yet
                last = repr(error)
            time.sleep(0.3)
        self.stop()
        raise AssertionError(f"server {self.name} did not answer within {timeout} s ({last}):\n{_tail(self.log)}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # gunicorn's arbiter stops its workers on SIGTERM; the whole session goes if it does not.
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.output.close()


class _NoJar(DefaultCookiePolicy):
    """requests' own jar stays empty: it would not send a Secure cookie over plain HTTP (see Visitor)."""

    def set_ok(self, cookie, request):
        return False


class Visitor:
    """One browser: one cookie jar for every server it talks to, as for one domain behind a load balancer.

    The cookies are kept here, by name, and sent as the Cookie header: TLS ends at the (simulated) proxy in front of
    the servers, so the Secure session and CSRF cookies must go back over the loopback's plain HTTP too.
    """

    def __init__(self):
        self.http = requests.Session()
        self.http.cookies.set_policy(_NoJar())
        self.cookies = {}

    def _headers(self, server, path):
        headers = {
            "Host": SITE_HOST,
            "X-Forwarded-Proto": "https",
            "Origin": SITE_ORIGIN,
            "Referer": f"{SITE_ORIGIN}{path}",
            "Accept-Language": "zh-hans",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return headers

    def _keep_cookies(self, response):
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                expired = morsel["max-age"] == "0" or morsel["expires"].endswith("1970 00:00:00 GMT")
                if expired:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, server, path):
        return self._keep_cookies(
            self.http.get(server.url(path), headers=self._headers(server, path), timeout=30, allow_redirects=False)
        )

    def post(self, server, path, data=None):
        """A form POST with the CSRF token from the cookie, as a page's form would send it."""
        if settings.CSRF_COOKIE_NAME not in self.cookies:
            self.get(server, "/accounts/login/")
        token = self.cookies.get(settings.CSRF_COOKIE_NAME)
        assert token, "no CSRF cookie from the sign-in page"
        body = {"csrfmiddlewaretoken": token, **(data or {})}
        return self._keep_cookies(
            self.http.post(
                server.url(path), data=body, headers=self._headers(server, path), timeout=30, allow_redirects=False
            )
        )

    def has_session(self):
        return settings.SESSION_COOKIE_NAME in self.cookies
