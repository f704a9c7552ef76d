"""Reads the project's Simplified Chinese catalogue next to those of the packages it runs with.

The project catalogue (LOCALE_PATHS) outranks every app catalogue at runtime, so a project entry whose msgid equals a
Django, Wagtail or allauth msgid replaces the package's Chinese on the package's own screens: the admin sidebar said
分页 for "Pages" because a paginator label had that msgid. A project string that means something else than the
package's string needs a context (pgettext, `{% translate "..." context "..." %}`).

Run `python -m tests.i18n.catalogues` to list the collisions; tests/i18n/test_catalogue.py fails on any.
"""

import sysconfig
from dataclasses import dataclass
from pathlib import Path

import polib

PROJECT_CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# The packages whose screens editors and members see. Django's own catalogues cover contrib (admin, auth...).
PACKAGES = ("django", "wagtail", "allauth", "wagtail_modeladmin", "wagtail_localize", "taggit")
# gettext looks up zh_Hans first and falls back to zh (Wagtail ships both), so both count.
LOCALES = ("zh_Hans", "zh")


def package_locale_dirs():
    """The `locale` directories of the packages, one per app (wagtail/admin/locale, allauth/locale...)."""
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for package in PACKAGES:
        yield from sorted({path.parents[1] for path in (site_packages / package).glob("**/locale/*/LC_MESSAGES")})


def entry_key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def entry_translation(entry):
    """The Chinese text of an entry: its msgstr, or its plural forms joined (Chinese uses one form)."""
    if entry.msgid_plural:
        return " | ".join(value for _, value in sorted(entry.msgstr_plural.items()) if value)
    return entry.msgstr


@dataclass(frozen=True)
class Collision:
    msgid: str
    project: str
    package: str
    source: str  # the package catalogue, relative to site-packages

    def __str__(self):
        return f"{self.msgid!r}: project {self.project!r}, {self.source} {self.package!r}"


def package_translations():
    """{(msgctxt, msgid, msgid_plural): [(translation, catalogue path)]} for every translated package entry.

    gettext reads an app's zh_Hans catalogue and falls back to its zh one for what zh_Hans lacks, so per app a zh_Hans
    translation hides the zh one.
    """
    site_packages = Path(sysconfig.get_paths()["purelib"])
    found = {}
    for locale_dir in package_locale_dirs():
        app = {}
        for locale in reversed(LOCALES):
            path = locale_dir / locale / "LC_MESSAGES" / "django.po"
            if not path.exists():
                continue
            for entry in polib.pofile(str(path)):
                text = entry_translation(entry)
                if text and not entry.obsolete and "fuzzy" not in entry.flags:
                    app[entry_key(entry)] = (text, str(path.relative_to(site_packages)))
        for key, value in app.items():
            found.setdefault(key, []).append(value)
    return found


def project_entries():
    return [entry for entry in polib.pofile(str(PROJECT_CATALOGUE)) if not entry.obsolete]


def find_collisions():
    """Project entries that would replace a package's existing, different translation of the same msgid."""
    packages = package_translations()
    collisions = []
    for entry in project_entries():
        ours = entry_translation(entry)
        if not ours or "fuzzy" in entry.flags:
            continue  # msgfmt leaves it out of the .mo file, so the package's translation applies
        for theirs, source in packages.get(entry_key(entry), []):
            if theirs != ours:
                collisions.append(Collision(entry.msgid, ours, theirs, source))
                break
    return collisions


def package_gaps(msgids):
    """The msgids (no context) that no package catalogue translates."""
    packages = package_translations()
    return [msgid for msgid in msgids if not any(key[0] is None and key[1] == msgid for key in packages)]


if __name__ == "__main__":
    for collision in find_collisions():
        print(collision)  # noqa: T201 - a report, shown with -s
