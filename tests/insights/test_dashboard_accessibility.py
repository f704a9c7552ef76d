"""The insights dashboard for everyone who reads it: a heading, download links that say what they download, a
retention heat map whose numbers stay legible on every shade, and a table that scrolls on a phone."""

import re
from html import unescape

import pytest

from portal.insights import charts
from tests.groups.lifecycle.helpers import zh
from tests.insights.conftest import END, SPAN

URL = "/admin/insights/"
RANGE = {"start": SPAN.start.isoformat(), "end": END.isoformat()}
WCAG_AA = 4.5


@pytest.fixture
def page(client, team_member, programme):
    client.force_login(team_member)
    response = client.get(URL, RANGE)
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_has_one_h1_naming_it(page):
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)

    assert len(headings) == 1
    assert zh("Insights") in re.sub(r"<[^>]+>", "", headings[0])


def test_every_csv_link_says_which_table_it_downloads(page):
    links = {
        unescape(href).split("export=")[1]: re.sub(r"\s+", " ", text).strip()
        for href, text in re.findall(r'<a href="([^"]*export=[^"]+)">(.*?)</a>', page, re.S)
    }

    assert set(links) == {
        "funnel",
        "new-members",
        "weekly-active",
        "retention",
        "top-activities",
        "top-points",
        "stage-changes",
    }
    assert len(set(links.values())) == len(links)  # no two links read the same
    assert all(text != "CSV" for text in links.values())
    assert links["retention"] == zh("Download retention table (CSV)")


def test_the_retention_table_scrolls_inside_a_focusable_named_region(page):
    region = re.search(r'<div class="insights__scroll"([^>]*)>\s*<table class="listing insights__cohorts"', page)

    assert region, "the retention table is not inside the scroll region"
    attributes = region.group(1)
    assert 'tabindex="0"' in attributes
    assert 'role="region"' in attributes
    assert f'aria-label="{zh("Weekly retention table")}"' in attributes


def test_every_heat_map_cell_on_the_page_uses_a_shade_that_passes(page):
    cells = re.findall(r'<td style="background-color: (#[0-9a-f]{6}); color: (#[0-9a-f]{6})">(\d+)%</td>', page)

    assert cells, "no heat-map cells rendered"
    for background, text, share in cells:
        assert (background, text) == charts.heat_shade(int(share))
        assert charts.contrast_ratio(background, text) >= WCAG_AA


# --- The contrast rule, without a page ------------------------------------------------------------------------------


def test_the_contrast_ratio_matches_wcags_reference_values():
    assert charts.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert charts.contrast_ratio("#777777", "#777777") == pytest.approx(1)
    # The colours the heat map used to print: #111 on the deepest teal, the 2.48:1 the audit found.
    assert charts.contrast_ratio("#0f5e59", "#111111") == pytest.approx(2.49, abs=0.01)


def test_every_shade_the_heat_map_can_emit_keeps_its_text_at_4_5_to_1():
    assert len(charts.HEAT_SHADES) == charts.HEAT_STEPS + 1
    for background, text in charts.HEAT_SHADES:
        assert charts.contrast_ratio(background, text) >= WCAG_AA, (background, text)


@pytest.mark.parametrize("share", [-5, 0, 1, 33, 50, 67, 74, 75, 99, 100, 140])
def test_any_share_maps_to_one_of_the_checked_shades(share):
    assert charts.heat_shade(share) in charts.HEAT_SHADES


def test_the_shades_deepen_with_the_share():
    luminances = [charts.relative_luminance(background) for background, _text in charts.HEAT_SHADES]

    assert luminances == sorted(luminances, reverse=True)
    assert charts.HEAT_SHADES[0][0] == "#ffffff"
    assert charts.HEAT_SHADES[-1][0] == charts.HEAT_BASE
