"""Fixtures for share cards, posters and referrals: images stored the way members' uploads are, decoded posters."""

import io

import pytest
import zxingcpp
from django.core.files.base import ContentFile
from PIL import Image


@pytest.fixture
def image_file(png_bytes):
    """Factory fixture: `image_file("cover.png")` a ContentFile of a small PNG, for ImageFields."""

    def make(name="cover.png", size=(320, 200)):
        return ContentFile(png_bytes(size), name=name)

    return make


def decode_qr(png):
    """The texts of the QR codes in a PNG (the poster's one code)."""
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.fixture
def read_qr():
    return decode_qr
