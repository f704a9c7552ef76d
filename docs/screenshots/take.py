"""Screenshots of the demo site for the README: home, a group, a course and a group's management page, each full-page
at a laptop width (1366 px) and a phone width (390 px).

    .venv/bin/python docs/screenshots/take.py                 # a throwaway demo database, as from a fresh clone
    .venv/bin/python docs/screenshots/take.py --database PATH # an existing SQLite demo database, left as it is

By default the demo data is loaded into a temporary SQLite database with temporary media folders, so the
developer's own db.sqlite3 and media/ are never touched. A development server on a free local port serves the pages;
Debian's Chromium (CHROMIUM_PATH to use another) takes the pictures, and each PNG is reduced to a 256-colour palette
to keep the repository small.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
WIDTHS = (1366, 390)
DEMO_PASSWORD = "shequn-demo-2026"  # noqa: S105 - the demo data's published password (load_demo_data)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def demo_targets(env):
    """The leader's e-mail, a group they lead and a course with a cover, read from the demo database."""
    script = (
        "from portal.groups.models import Membership\n"
        "from courses.models import CoursePage\n"
        "m = Membership.objects.filter(role='leader', group__status='active').select_related('member', 'group')"
        ".order_by('-group__member_count', 'pk').first()\n"
        "c = CoursePage.objects.live().filter(cover__isnull=False).order_by('pk').first() "
        "or CoursePage.objects.live().order_by('pk').first()\n"
        "print(m.member.email, m.group.get_absolute_url(), m.group.slug, c.url, sep='\\n')\n"
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed script
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    email, group_url, group_slug, course_url = result.stdout.strip().splitlines()[-4:]
    return email, group_url, group_slug, course_url


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - http://127.0.0.1 built above
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the development server did not answer at {url}")


def compress(path):
    from PIL import Image

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def shoot(base, email, shots):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--lang=zh-CN"]
        )
        for width in WIDTHS:
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path, signed_in in shots:
                if signed_in and "sessionid" not in {cookie["name"] for cookie in context.cookies()}:
                    page.goto(f"{base}/accounts/login/")
                    form = page.locator("form:has(input[name='password'])")
                    form.locator("input[name='login']").fill(email)
                    form.locator("input[name='password']").fill(DEMO_PASSWORD)
                    form.locator("button[type='submit']").click()
                    page.wait_for_url("**/portal/")
                page.goto(base + path)
                # Pictures below the fold load lazily: scroll through the page so a full-page shot has them all.
                page.evaluate(
                    "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
                    " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 60)); } window.scrollTo(0, 0); }"
                )
                page.wait_for_load_state("networkidle")
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                compress(target)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an existing SQLite demo database (default: a throwaway one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
        env["DJANGO_SETTINGS_MODULE"] = "website.settings.dev"
        if args.database:
            env["DATABASE_URL"] = f"sqlite:///{Path(args.database).resolve()}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{scratch}/demo.sqlite3"
            env["MEDIA_ROOT"] = f"{scratch}/media"
            env["PRIVATE_MEDIA_ROOT"] = f"{scratch}/private_media"
            manage(env, "compilemessages", "--ignore=.venv", "-v", "0")
            manage(env, "migrate", "--no-input", "-v", "0")
            manage(env, "load_demo_data")
        email, group_url, group_slug, course_url = demo_targets(env)

        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/healthz")
            shoot(
                base,
                email,
                [
                    ("home", "/", False),
                    ("group", group_url, False),
                    ("course", course_url, False),
                    ("group-manage", f"/portal/groups/{group_slug}/manage/", True),
                ],
            )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
