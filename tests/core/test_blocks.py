"""The StreamField blocks' own rules: links need a target and a text, addresses must be paths or http(s)."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from tests.factories import PageFactory
from website.core.blocks import LinkBlock, SectionStreamBlock

pytestmark = pytest.mark.django_db


def _clean_link(**value):
    block = LinkBlock()
    return block.clean(block.to_python({"text": "", "page": None, "url": "", **value}))


def test_empty_link_is_allowed():
    assert _clean_link().href == ""


@pytest.mark.parametrize(
    ("value", "field"),
    [
        pytest.param({"text": "去看看", "url": "javascript:alert(1)"}, "url", id="javascript-address"),
        pytest.param({"text": "去看看", "url": "example.org"}, "url", id="address-without-scheme"),
        pytest.param({"text": "去看看"}, "url", id="text-without-target"),
        pytest.param({"url": "/about/"}, "text", id="target-without-text"),
    ],
)
def test_bad_links_are_refused(value, field):
    with pytest.raises(StructBlockValidationError) as error:
        _clean_link(**value)
    assert field in error.value.block_errors


@pytest.mark.parametrize("url", ["/accounts/signup/", "https://example.org/", "http://example.org/x"])
def test_good_addresses_are_accepted(url):
    assert _clean_link(text="去看看", url=url).href == url


def test_link_to_a_live_page_wins_over_the_address(home_page):
    page = PageFactory(parent=home_page, slug="events")
    assert _clean_link(text="活动", page=page.pk, url="/elsewhere/").href == page.url


def test_section_stream_offers_the_four_section_types():
    assert set(SectionStreamBlock().child_blocks) == {"hero", "text", "call_to_action", "card_grid"}


def test_rich_text_in_sections_keeps_to_the_allowed_features():
    from website.core.blocks import RICH_TEXT_FEATURES

    assert "image" not in RICH_TEXT_FEATURES
    assert "embed" not in RICH_TEXT_FEATURES
