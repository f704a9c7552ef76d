"""How production starts (deploy/), checked against the code: every process and scheduled job runs a command that
exists, the schedule has one home, the environment template and the settings name the same variables, and the image
builds its static files and runs as an unprivileged user."""

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

from tests.utils import closed_port

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"

# The jobs production runs on a schedule (deploy/crontab is the one list of them).
SCHEDULED_JOBS = {
    "evaluate_groups",
    "snapshot_insights",
    "refresh_standings",
    "close_month",
    "reconcile_points",
    "pay_vote_points",
    "send_activity_reminders",
    "send_notification_digests",
    "prune_notifications",
    "win_back",
    # django-tasks-db's own: finished task rows go after 14 days, failed ones (the dead letters) after 30.
    "prune_db_task_results",
}
# Variables in deploy/.env.example that the settings do not read, and who does.
NOT_READ_BY_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "Django itself, choosing the settings module",
    "DOMAIN": "compose.yaml and the Caddyfile (the certificate, the derived host settings)",
    "POSTGRES_PASSWORD": "compose.yaml (the database container and the derived DATABASE_URL)",
    "WEB_CONCURRENCY": "gunicorn (its number of workers)",
    "AWS_ACCESS_KEY_ID": "boto3 under django-storages",
    "AWS_SECRET_ACCESS_KEY": "boto3 under django-storages",
}
APP_PROCESSES = {"migrate", "collectstatic", "web", "worker", "scheduler"}
CRON_FIELD = r"[0-9*/,-]+"
CRON_LINE = re.compile(rf"^(?P<schedule>(?:{CRON_FIELD}\s+){{4}}{CRON_FIELD})\s+(?P<command>.+)$")
# A cron line anywhere in prose: five schedule fields followed, on the same line, by a manage.py command.
CRON_IN_TEXT = re.compile(rf"(?:^|[\s`'\"])(?:{CRON_FIELD}[ \t]+){{4}}{CRON_FIELD}[ \t]+[^\n]*manage\.py[ \t]+\w")
# env("NAME"), env_bool("NAME", ...), env_int, env_list, env_float...: the helpers of website/settings/base.py.
SETTINGS_READ = re.compile(r"\benv(?:_[a-z]+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
ENV_LINE = re.compile(r"^#?\s?([A-Z][A-Z0-9_]*)=(.*)$")


def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def management_command(argv):
    """The manage.py subcommand an argv runs, or None when it runs something else."""
    if argv[:2] == ["python", "manage.py"] and len(argv) > 2:
        return argv[2]
    return None


def assert_runs_something_real(argv, where):
    commands = get_commands()
    if argv[0] == "gunicorn":
        assert "website.wsgi:application" in argv, f"{where}: gunicorn must serve website.wsgi: {argv}"
        if "--config" in argv:
            assert (ROOT / argv[argv.index("--config") + 1]).is_file(), f"{where}: missing gunicorn config"
    elif argv[0] == "supercronic":
        crontab = argv[-1].removeprefix("/app/")
        assert crontab == "deploy/crontab", f"{where}: the scheduler must run deploy/crontab, not {argv[-1]}"
    else:
        name = management_command(argv)
        assert name, f"{where}: neither gunicorn, supercronic nor manage.py: {argv}"
        assert name in commands, f"{where}: manage.py has no command {name!r}"


def procfile():
    processes = {}
    for line in (DEPLOY / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = shlex.split(command)
    return processes


def crontab():
    variables, jobs = {}, []
    for line in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.fullmatch(r"[A-Z_]+=\S+", line):
            name, _, value = line.partition("=")
            variables[name] = value
            continue
        match = CRON_LINE.match(line)
        assert match, f"not a cron line: {line!r}"
        jobs.append((match["schedule"], shlex.split(match["command"])))
    return variables, jobs


def env_example():
    """{name: value} for every variable deploy/.env.example lists, set or commented out."""
    found = {}
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        match = ENV_LINE.match(line)
        if match:
            assert match[1] not in found, f"{match[1]} is listed twice in .env.example"
            found[match[1]] = match[2]
    return found


def read_by_settings():
    names = set()
    for path in (ROOT / "website" / "settings").glob("*.py"):
        names.update(SETTINGS_READ.findall(path.read_text(encoding="utf-8")))
    return names


def dockerfile_stages():
    """The Dockerfile's instructions per stage, continuation lines joined: [[(INSTRUCTION, arguments), ...], ...]."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    stages = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((instruction.upper(), arguments.strip()))
    return stages


# --- processes -------------------------------------------------------------------------------------------------------


def test_every_compose_service_of_the_app_runs_a_real_command():
    services = compose()["services"]
    assert set(services) >= APP_PROCESSES
    for name in APP_PROCESSES:
        assert_runs_something_real(services[name]["command"], f"compose service {name}")
    assert management_command(services["migrate"]["command"]) == "migrate"
    assert management_command(services["worker"]["command"]) == "db_worker"
    assert services["scheduler"]["command"] == ["supercronic", "/app/deploy/crontab"]


def test_web_worker_and_scheduler_start_after_migrate_completes():
    services = compose()["services"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name


def test_backing_services_are_pinned_to_their_major_versions():
    services = compose()["services"]
    assert services["postgres"]["image"] == "postgres:15"
    assert "postgres:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert services["redis"]["image"] == "redis:7"
    assert services["proxy"]["image"] == "caddy:2"


def test_the_proxy_serves_static_files_and_public_media_but_never_private_files():
    services = compose()["services"]
    proxy_volumes = {volume.split(":")[0]: volume.split(":")[1] for volume in services["proxy"]["volumes"]}
    assert proxy_volumes["static"] == "/srv/static"
    assert proxy_volumes["media"] == "/srv/media"
    assert "private_media" not in proxy_volumes
    # The volumes the proxy reads are the ones the app writes.
    assert "static:/srv/static" in services["collectstatic"]["volumes"]
    assert services["collectstatic"]["environment"]["STATIC_ROOT"] == "/srv/static"
    assert "media:/srv/media" in services["web"]["volumes"]
    assert services["web"]["environment"]["SERVE_MEDIA"] == "false"
    assert services["web"]["environment"]["BEHIND_TLS_PROXY"] == "true"

    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "{$DOMAIN}" in caddyfile
    assert "reverse_proxy web:8000" in caddyfile
    assert "handle /media/documents/*" in caddyfile
    assert "private_media" not in caddyfile
    # Compressing every response would put signed-in pages (CSRF token, personal data) at risk of BREACH.
    assert not re.search(r"^\s*encode\b", caddyfile, re.MULTILINE)


def test_every_procfile_process_runs_a_real_command():
    processes = procfile()
    assert set(processes) == {"release", "web", "worker", "scheduler"}
    for name, argv in processes.items():
        assert_runs_something_real(argv, f"Procfile {name}")
    assert management_command(processes["release"]) == "migrate"
    assert management_command(processes["worker"]) == "db_worker"


# --- schedule --------------------------------------------------------------------------------------------------------


def test_crontab_lists_every_scheduled_job_exactly_once():
    _, jobs = crontab()
    names = [management_command(argv) for _, argv in jobs]
    assert sorted(names) == sorted(SCHEDULED_JOBS), "deploy/crontab must list each scheduled job once"
    commands = get_commands()
    for name in names:
        assert name in commands, f"deploy/crontab runs {name!r}, which manage.py does not know"


def test_crontab_counts_time_in_the_sites_time_zone():
    variables, jobs = crontab()
    assert variables == {"CRON_TZ": settings.TIME_ZONE}
    schedules = {management_command(argv): schedule for schedule, argv in jobs}
    assert schedules["send_activity_reminders"] == "*/10 * * * *"
    assert schedules["close_month"].split()[2] == "1", "close_month runs on the first of the month"


def test_no_other_file_holds_a_cron_line():
    texts = [ROOT / "README.md", ROOT / "Makefile", *(ROOT / "docs").rglob("*.md")]
    texts += [path for path in DEPLOY.iterdir() if path.is_file() and path.name != "crontab"]
    for path in texts:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not CRON_IN_TEXT.search(line), f"{path.relative_to(ROOT)}:{number} repeats a cron line: {line}"


# --- environment -----------------------------------------------------------------------------------------------------


def test_env_example_lists_every_variable_the_settings_read():
    missing = read_by_settings() - set(env_example())
    assert not missing, f"read by website/settings but missing from deploy/.env.example: {sorted(missing)}"


def test_env_example_lists_nothing_the_settings_or_the_deployment_ignore():
    unknown = set(env_example()) - read_by_settings() - set(NOT_READ_BY_SETTINGS)
    assert not unknown, f"in deploy/.env.example but read by nobody: {sorted(unknown)}"
    compose_file = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    for name in ("DOMAIN", "POSTGRES_PASSWORD"):
        assert "${" + name in compose_file, f"compose.yaml does not use {name}"


def test_env_example_lists_every_variable_of_the_readme_configuration():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            documented.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    assert documented, "README's Configuration table was not found"
    missing = documented - set(env_example())
    assert not missing, f"in README's Configuration but not in deploy/.env.example: {sorted(missing)}"


def test_env_example_holds_no_usable_secret():
    values = env_example()
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "DOMAIN", "EMAIL_HOST_PASSWORD"):
        assert values[name] == "", f"{name} must be empty in the template, so nothing starts with a shared value"
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored, "deploy/.env (the filled-in copy) must never be committed"


# --- image -----------------------------------------------------------------------------------------------------------


def test_the_image_runs_as_an_unprivileged_user():
    final = dockerfile_stages()[-1]
    users = [arguments for instruction, arguments in final if instruction == "USER"]
    assert users, "the final stage sets no USER, so everything runs as root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    cmd = next(arguments for instruction, arguments in reversed(final) if instruction == "CMD")
    assert_runs_something_real(yaml.safe_load(cmd), "Dockerfile CMD")


def test_the_image_compiles_translations_and_collects_static_files_at_build():
    stages = dockerfile_stages()
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm" in dockerfile
    names = set()
    for stage in stages:
        base, _, name = stage[0][1].partition(" AS ")
        assert base == "${PYTHON_IMAGE}" or base in names, f"a stage starts from {base}, not the pinned Python image"
        names.add(name)
    runs = [arguments for stage in stages for instruction, arguments in stage if instruction == "RUN"]
    assert any("manage.py collectstatic" in run for run in runs)
    assert any("manage.py compilemessages" in run for run in runs)
    assert any("pip install --require-hashes" in run and "requirements.txt" in run for run in runs)
    assert any("sha1sum -c" in run for run in runs), "supercronic's download must be checked"
    # The build-time key is given to one RUN only: no ENV or ARG keeps a SECRET_KEY in the image.
    for stage in stages:
        for instruction, arguments in stage:
            if instruction in {"ENV", "ARG"}:
                assert "SECRET_KEY" not in arguments
    healthchecks = [arguments for instruction, arguments in stages[-1] if instruction == "HEALTHCHECK"]
    assert healthchecks and "deploy/healthcheck.py" in healthchecks[0]


def test_the_build_context_leaves_out_secrets_and_local_state():
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".env", "deploy/.env", ".git", ".venv", "*.sqlite3", "media", "private_media", "staticfiles"} <= ignored


def load_healthcheck():
    spec = importlib.util.spec_from_file_location("deploy_healthcheck", DEPLOY / "healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_the_container_health_check_passes_while_the_app_answers(live_server, monkeypatch):
    healthcheck = load_healthcheck()
    monkeypatch.setenv("ALLOWED_HOSTS", "*,.localhost")
    monkeypatch.setenv("PORT", live_server.url.rsplit(":", 1)[1])
    assert healthcheck.probe_host() == "localhost"
    assert healthcheck.main() == 0

    monkeypatch.setenv("PORT", str(closed_port()))
    assert healthcheck.main() == 1
