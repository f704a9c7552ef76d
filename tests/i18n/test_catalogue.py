"""The Simplified Chinese catalogue is complete, and it never overrides a package's translation of the same msgid."""

import polib
import pytest

from tests.i18n import catalogues

# Wagtail's image validators raise these; the project's upload checks reuse the msgids on purpose and leave them empty
# so that Wagtail's own Chinese applies (see locale/README.md).
INTENTIONALLY_EMPTY = {
    "Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)",
    "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s.",
}


@pytest.fixture(scope="module")
def entries():
    return catalogues.project_entries()


def test_no_project_msgid_overrides_a_package_translation():
    collisions = catalogues.find_collisions()
    assert not collisions, (
        "These project msgids replace a Django/Wagtail/allauth translation. If the project means something else, "
        "give the string a context (pgettext); if it means the same, use the package's wording:\n"
        + "\n".join(str(c) for c in collisions)
    )


def test_a_colliding_entry_is_reported(tmp_path, monkeypatch):
    """The check itself: an entry like the one that turned Wagtail's "Pages" into 分页 is found."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Pages", msgstr="分页"))
    po.append(polib.POEntry(msgid="Pages", msgctxt="pagination", msgstr="分页"))
    po.append(polib.POEntry(msgid="History", msgstr=""))
    path = tmp_path / "django.po"
    po.save(str(path))
    monkeypatch.setattr(catalogues, "PROJECT_CATALOGUE", path)

    collisions = catalogues.find_collisions()

    assert [(c.msgid, c.project, c.package) for c in collisions] == [("Pages", "分页", "页面")]


def test_catalogue_has_no_fuzzy_entries(entries):
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"Fuzzy entries are not used at runtime; review and unflag them: {fuzzy}"


def test_catalogue_has_no_untranslated_entries(entries):
    untranslated = [e.msgid for e in entries if not e.translated() and e.msgid not in INTENTIONALLY_EMPTY]
    assert not untranslated, f"Translate these entries: {untranslated}"


def test_intentionally_empty_entries_are_still_in_the_catalogue(entries):
    """If the upload checks stop using these msgids, the allow-list above should go too."""
    assert {e.msgid for e in entries} >= INTENTIONALLY_EMPTY
