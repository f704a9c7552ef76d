"""HTTP benchmark (`make bench-http`): wrk against the demo site under gunicorn with production settings.

For each database (SQLite with the local-memory cache, PostgreSQL with Redis) the demo is built into a throwaway
database (migrate + load_demo_data), static files are collected into a temporary STATIC_ROOT, and gunicorn serves the
site with production settings (2 sync workers) plus one extra URL: a bare Django view that answers "ok" through every
middleware with no template, database or cache (tests/bench/http/urls.py). A demo member is signed in by creating a
session with the session engine in use. Every target must answer 200 before anything is measured; then each round
runs wrk against every target in turn (reversed every other round), and the table gives, per page, the median over
the rounds of req/s, p50 and p99 latency, and the ratio of its req/s to the bare view's in the same run.

    .venv/bin/python tests/bench/http/run.py

Environment (all optional):
    BENCH_DB             sqlite, postgres or both (default both)
    BENCH_ROUNDS         rounds of wrk runs (default 8)
    BENCH_SECONDS        seconds of each wrk run (default 2)
    BENCH_THREADS        wrk threads (default 2)
    BENCH_CONNECTIONS    wrk connections (default 8)
    BENCH_WORKERS        gunicorn sync workers (default 2)
    BENCH_PORT           gunicorn's port on 127.0.0.1 (default: a free one)
    BENCH_DATABASE_URL   the throwaway PostgreSQL database, created and dropped here; it must not exist yet
                         (default postgres://postgres@127.0.0.1:5432/bench_http)
    BENCH_REDIS_URL      the Redis database for the cache; only keys under this run's own prefix are written and
                         deleted (default redis://127.0.0.1:6379/15)
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SETTINGS = "tests.bench.http.settings"
BARE_PATH = "/__bench__/bare/"  # tests/bench/http/urls.py
DEMO_MEMBER = "lin.xiaoyu@example.com"  # the demo's member login (load_demo_data), signed in when in a group

DB_CHOICES = ("sqlite", "postgres")
DB_NAMES = {"sqlite": "SQLite, local-memory cache", "postgres": "PostgreSQL + Redis"}


def setting(name, default):
    return os.environ.get(name) or default


def int_setting(name, default):
    value = setting(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {value!r}") from None


class BenchError(Exception):
    """A step failed; the message says which and why."""


# --- Building the demo ----------------------------------------------------------------------------------------------


# Build steps running side by side, stopped together when one fails or on Ctrl-C.
BUILDING = set()
stopping = False


def run_logged(env, args, log):
    """Run manage.py with `args`, appending its output to `log`; raise BenchError with the log's tail if it fails."""
    if stopping:
        raise BenchError("stopped")
    with open(log, "a") as out:
        out.write(f"$ manage.py {' '.join(args)}\n")
        out.flush()
        step = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        BUILDING.add(step)
        try:
            returncode = step.wait()
        finally:
            BUILDING.discard(step)
    if returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed (exit {returncode}); end of {log}:\n{_tail(log)}")


def build_all(envs, dbs, scratch):
    """The demo into each database and the static files into STATIC_ROOT, all at once (they share nothing)."""
    global stopping
    pool = ThreadPoolExecutor(max_workers=len(dbs) + 1)
    try:
        jobs = [pool.submit(build_demo, envs[db], scratch / db / "build.log") for db in dbs]
        collect = ["collectstatic", "--no-input", "-v", "0"]
        jobs.append(pool.submit(run_logged, envs[dbs[0]], collect, scratch / "static.log"))
        for job in jobs:
            job.result()
    except BaseException:
        stopping = True
        for step in list(BUILDING):
            step.terminate()
        raise
    finally:
        pool.shutdown(wait=True)


def build_demo(env, log):
    run_logged(env, ["migrate", "--no-input", "-v", "0"], log)
    # Demo accounts have a published password: load_demo_data refuses production settings unless told.
    run_logged(env, ["load_demo_data", "--allow-production"], log)


TARGETS_SCRIPT = r"""
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.test import Client

from courses.models import CourseIndexPage, CoursePage
from portal.groups.models import CommunityGroup, GroupIndexPage, Membership
from website.showcases.models import ShowcasePage


def path_of(url):
    return urlsplit(url).path


def first_live(model):
    page = model.objects.live().public().order_by("path").first()
    if page is None:
        raise SystemExit(f"the demo has no live {model.__name__}")
    return path_of(page.url)


memberships = (
    Membership.objects.active()
    .filter(role=Membership.Role.MEMBER, group__status=CommunityGroup.Status.ACTIVE, member__is_active=True)
    .select_related("member", "group")
)
membership = (
    memberships.filter(member__email=DEMO_MEMBER).order_by("-group__member_count", "pk").first()
    or memberships.order_by("-group__member_count", "pk").first()
)
if membership is None:
    raise SystemExit("the demo has no active member of an active group to sign in")
client = Client()
client.force_login(membership.member)
print(json.dumps({
    "group_index": first_live(GroupIndexPage),
    "group": path_of(membership.group.get_absolute_url()),
    "course_index": first_live(CourseIndexPage),
    "course": first_live(CoursePage),
    "showcase": first_live(ShowcasePage),
    "css": path_of(static("css/site.css")),
    "member": membership.member.email,
    "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    "session_engine": settings.SESSION_ENGINE,
}))
"""


def find_targets(env):
    """The pages to measure, read from the built demo, and a signed-in member's session cookie."""
    script = TARGETS_SCRIPT.replace("DEMO_MEMBER", repr(DEMO_MEMBER))
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BenchError(f"could not read the targets from the demo:\n{result.stdout}{result.stderr}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    cookie = found["cookie"]
    targets = [
        ("bare Django view", BARE_PATH, None),
        ("home", "/", None),
        ("groups directory", found["group_index"], None),
        ("group page", found["group"], None),
        ("activities", "/activities/", None),
        ("courses", found["course_index"], None),
        ("course page", found["course"], None),
        ("showcase", found["showcase"], None),
        ("static CSS", found["css"], None),
        ("group page, member", found["group"], cookie),
        ("dashboard", "/portal/", cookie),
        ("leaderboard", "/portal/points/leaderboard/", cookie),
    ]
    return targets, found


# --- PostgreSQL and Redis -------------------------------------------------------------------------------------------


def create_database(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not name or not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise BenchError(f"BENCH_DATABASE_URL must name a database of letters, digits and _: {url}")
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            raise BenchError(
                f"database {name} already exists: the benchmark builds its own and drops it afterwards, so it never "
                f"reuses one. Drop it (psql -c 'DROP DATABASE {name}') or set BENCH_DATABASE_URL to another name."
            )
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _maintenance_url(url):
    return urlsplit(url)._replace(path="/postgres").geturl()


def delete_cache_keys(redis_url, prefix):
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    finally:
        client.close()


def check_redis(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise BenchError(f"Redis does not answer at {redis_url}: {exc}") from exc
    finally:
        client.close()


# --- gunicorn -------------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, log):
    # Its own session: a Ctrl-C reaches this script only, which then stops gunicorn in order.
    server = subprocess.Popen(
        [
            GUNICORN,
            "website.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--chdir",
            str(ROOT),
            "--error-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}; end of {log}:\n{_tail(log)}")
        try:
            if fetch(port, BARE_PATH)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_gunicorn(server)
    raise BenchError(f"gunicorn did not answer on port {port} within 90 s; end of {log}:\n{_tail(log)}")


def stop_gunicorn(server):
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _tail(path, lines=30):
    try:
        return "".join(Path(path).read_text().splitlines(keepends=True)[-lines:])
    except OSError:
        return ""


# --- HTTP and wrk ---------------------------------------------------------------------------------------------------


def fetch(port, path, cookie=None):
    """One GET without following redirects: (status, headers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        conn.close()


def check_and_warm(port, targets, warm_requests=4):
    """Every target must answer 200 (not a redirect to sign-in, not a 400 for the host) before it is measured.

    Returns the X-Page-Cache header values seen, per target (empty when the site sends none). The extra requests warm
    both workers' caches.
    """
    seen = {}
    for name, path, cookie in targets:
        values = []
        for _attempt in range(warm_requests):
            status, headers = fetch(port, path, cookie)
            if status != 200:
                where = f" to {headers.get('Location')}" if headers.get("Location") else ""
                raise BenchError(f"{name} ({path}) answered {status}{where}, not 200: nothing was measured")
            if headers.get("X-Page-Cache"):
                values.append(headers["X-Page-Cache"].strip().lower())
        seen[name] = list(dict.fromkeys(values))
    return seen


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise BenchError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def run_wrk(port, path, cookie, seconds, threads, connections):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    args.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(args, capture_output=True, text=True)
    out = result.stdout
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if result.returncode or not (rps and p50 and p99):
        raise BenchError(f"wrk failed on {path}:\n{out}{result.stderr}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        # With sync workers every response closes its connection; wrk may count those closes as read errors.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    done = re.search(r"^\s+(\d+) requests in", out, re.M)
    return {
        "rps": float(rps.group(1)),
        "p50": _ms(p50.group(1)),
        "p99": _ms(p99.group(1)),
        "errors": errors,
        # A run too short for a slow page completes nothing: wrk then says 0 ms, which is no latency.
        "requests": int(done.group(1)) if done else 0,
    }


def measure(port, targets, rounds, seconds, threads, connections):
    results = {name: [] for name, _path, _cookie in targets}
    for index in range(rounds):
        order = targets if index % 2 == 0 else list(reversed(targets))
        print(f"  round {index + 1}/{rounds}", end="", flush=True)
        for name, path, cookie in order:
            results[name].append(run_wrk(port, path, cookie, seconds, threads, connections))
            print(".", end="", flush=True)
        print(flush=True)
    return results


# --- Report ---------------------------------------------------------------------------------------------------------


def _median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def _fmt_ms(value):
    if value is None:
        return "-"
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def print_table(db, targets, results, page_cache):
    bare = statistics.median(run["rps"] for run in results[targets[0][0]])
    rows = []
    for name, path, _cookie in targets:
        runs = results[name]
        rps = statistics.median(run["rps"] for run in runs)
        errors = sum(run["errors"] for run in runs)
        timed = [run for run in runs if run["requests"]] or [{"p50": None, "p99": None}]
        empty = sum(1 for run in runs if not run["requests"])
        rows.append(
            (
                name,
                path,
                f"{rps:,.0f}" if rps >= 100 else f"{rps:.1f}",
                _fmt_ms(_median(run["p50"] for run in timed)),
                _fmt_ms(_median(run["p99"] for run in timed)),
                f"{rps / bare:.3f}x",
                "/".join(page_cache.get(name, [])) or "-",
                ", ".join(
                    text
                    for count, text in ((errors, f"{errors} failed"), (empty, f"{empty} runs with no answer"))
                    if count
                ),
            )
        )
    header = ("page", "path", "req/s", "p50", "p99", "x bare", "X-Page-Cache", "errors")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {2, 3, 4, 5}

    def line(cells):
        cells = zip(cells, widths, strict=True)
        padded = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(cells)]
        return "| " + " | ".join(padded) + " |"

    print(f"\n{DB_NAMES[db]}")
    print(line(header))
    print("| " + " | ".join("-" * (w - 1) + ":" if i in right else "-" * w for i, w in enumerate(widths)) + " |")
    for row in rows:
        print(line(row))


def machine_line():
    model = ""
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({model or 'unknown'}), load average {load}"


# --- Main -----------------------------------------------------------------------------------------------------------


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    if not shutil.which("wrk"):
        raise SystemExit("The HTTP benchmark needs wrk: apt-get install wrk")
    chosen = setting("BENCH_DB", "both")
    if chosen not in (*DB_CHOICES, "both"):
        raise SystemExit(f"BENCH_DB must be sqlite, postgres or both, got {chosen!r}")
    dbs = DB_CHOICES if chosen == "both" else (chosen,)
    rounds = int_setting("BENCH_ROUNDS", 8)
    seconds = int_setting("BENCH_SECONDS", 2)
    threads = int_setting("BENCH_THREADS", 2)
    connections = int_setting("BENCH_CONNECTIONS", 8)
    workers = int_setting("BENCH_WORKERS", 2)
    port = int_setting("BENCH_PORT", 0) or free_port()
    pg_url = setting("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_http")
    redis_url = setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    if min(rounds, seconds, threads, connections, workers) < 1 or connections < threads:
        raise SystemExit(
            "BENCH_ROUNDS, BENCH_SECONDS, BENCH_THREADS and BENCH_WORKERS must be at least 1, "
            "and BENCH_CONNECTIONS at least BENCH_THREADS"
        )
    signal.signal(signal.SIGTERM, _raise_interrupt)

    scratch = Path(tempfile.mkdtemp(prefix="bench-http-"))
    prefix = f"bench-http-{os.getpid()}-{secrets.token_hex(4)}"
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "SQLITE_", "CACHE_", "SECURE_", "BENCH_", "PAGE_CACHE"))
        and key not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "LOG_LEVEL")
    }
    base.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on the loopback: no redirect to HTTPS (production's default behind TLS).
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(scratch / "static"),
        LOG_LEVEL="WARNING",
        CACHE_KEY_PREFIX=prefix,
        PYTHONDONTWRITEBYTECODE="1",
    )
    envs = {}
    for db in dbs:
        env = dict(base, MEDIA_ROOT=str(scratch / db / "media"), PRIVATE_MEDIA_ROOT=str(scratch / db / "private"))
        if db == "sqlite":
            env["SQLITE_PATH"] = str(scratch / db / "demo.sqlite3")
            # Off by default without Redis (each worker's local-memory copy would miss the others' purges); measured
            # here all the same, as a site on one worker, or with Redis, would serve it.
            env["PAGE_CACHE_ENABLED"] = "true"
        else:
            env.update(DATABASE_URL=pg_url, REDIS_URL=redis_url)
        (scratch / db).mkdir()
        envs[db] = env

    created_pg = False
    server = None
    started = time.monotonic()
    try:
        if "postgres" in envs:
            check_redis(redis_url)
            create_database(pg_url)
            created_pg = True
        print(f"Building the demo ({', '.join(DB_NAMES[db] for db in dbs)}) and collecting static files in {scratch}")
        build_all(envs, dbs, scratch)
        print(f"Built in {time.monotonic() - started:.0f} s.")
        print(
            f"wrk -t{threads} -c{connections} -d{seconds}s, {rounds} rounds (reversed every other round); "
            f"gunicorn, {workers} sync workers, production settings; {machine_line()}"
        )
        for db in dbs:
            targets, found = find_targets(envs[db])
            print(f"\n{DB_NAMES[db]}: signed in as {found['member']} ({found['session_engine']}); port {port}")
            server = start_gunicorn(envs[db], port, workers, scratch / db / "gunicorn.log")
            page_cache = check_and_warm(port, targets)
            results = measure(port, targets, rounds, seconds, threads, connections)
            stop_gunicorn(server)
            server = None
            print_table(db, targets, results, page_cache)
        print(f"\nMedians over {rounds} rounds; x bare: req/s against the bare Django view's in the same run.")
        print(f"Total {time.monotonic() - started:.0f} s.")
    except BenchError as exc:
        print(f"\nbench-http failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench-http interrupted; cleaning up.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave a database behind
        stop_gunicorn(server)
        if created_pg:
            drop_database(pg_url)
        if "postgres" in envs:
            try:
                delete_cache_keys(redis_url, prefix)
            except Exception as exc:  # the cache is disposable: say so and go on
                print(f"could not delete the benchmark's Redis keys ({prefix}:*): {exc}", file=sys.stderr)
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
