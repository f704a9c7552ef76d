"""The export helper: formula-leading cells made inert, numbers kept, local times, labels, BOM, safe file names."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin

from tests.core.spreadsheets import read, rows_of
from website.core import exports

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\n"]


@pytest.mark.parametrize("prefix", DANGEROUS, ids=repr)
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(prefix):
    assert exports.cell(f'{prefix}HYPERLINK("http://x","y")') == f'\'{prefix}HYPERLINK("http://x","y")'


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)", "-", "=", "-2e5", "-1,5"])
def test_text_that_is_not_a_plain_number_is_neutralised(text):
    assert exports.cell(text).startswith("'")


@pytest.mark.parametrize("text", ["-12", "-12.50", "12", "0", "林小满", "a=b", " 'quoted", "100%"])
def test_harmless_text_and_plain_numbers_are_left_alone(text):
    assert exports.cell(text) == text


@pytest.mark.parametrize("number", [-5, -5.25, Decimal("-3.10"), 0, 42])
def test_numbers_stay_numbers(number):
    assert exports.cell(number) == number
    assert exports.xlsx_cell(number) == number


def test_lazy_labels_and_lists_are_neutralised_too():
    assert exports.cell(["=1+1", "b"]) == "'=1+1, b"
    assert exports.cell(translation.gettext_lazy("=oops")) == "'=oops"
    assert exports.cell(None) == ""


def test_booleans_are_translated_labels():
    with translation.override("en"):
        assert (exports.cell(True), exports.cell(False)) == ("Yes", "No")


def test_datetimes_are_written_in_the_site_time_zone_without_microseconds(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = datetime.datetime(2025, 6, 1, 16, 30, 5, 123456, tzinfo=datetime.UTC)
    # Even when a request activated another zone, the file speaks the site's time.
    with timezone.override(ZoneInfo("America/New_York")):
        assert exports.cell(moment) == "2025-06-02 00:30:05"
        assert exports.xlsx_cell(moment) == datetime.datetime(2025, 6, 2, 0, 30, 5)


def test_dates_are_iso_and_times_have_no_microseconds():
    assert exports.cell(datetime.date(2025, 6, 2)) == "2025-06-02"
    assert exports.cell(datetime.time(9, 5, 7, 999)) == "09:05:07"


def test_the_csv_starts_with_a_bom_and_carries_chinese(settings):
    response = exports.csv_response("报名", ["姓名", "积分"], [["林小满", 30], ["=cmd", -4]])

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert read(response).startswith(b"\xef\xbb\xbf")
    assert rows_of(exports.csv_response("x", ["姓名", "积分"], [["林小满", 30], ["=cmd", -4]])) == [
        ["姓名", "积分"],
        ["林小满", "30"],
        ["'=cmd", "-4"],
    ]


def test_a_chinese_file_name_is_sent_the_rfc_5987_way():
    header = exports.csv_response("报名-2025", ["a"], [])["Content-Disposition"]

    assert header.startswith("attachment; ")
    assert 'filename="2025.csv"' in header
    assert "filename*=UTF-8''%E6%8A%A5%E5%90%8D-2025.csv" in header
    header.encode("latin-1")  # a header must be sendable as it is


@pytest.mark.parametrize("name", ['a"b', "../../etc/passwd", "x\r\nSet-Cookie: y", "a;b"])
def test_a_file_name_cannot_break_out_of_the_header(name):
    header = exports.attachment(f"{name}.csv")
    assert "\r" not in header and "\n" not in header
    assert "/" not in header.split("filename*=")[0]
    assert header.count('"') == 2


def test_an_ascii_file_name_is_sent_plainly():
    assert exports.attachment("redemptions.csv") == 'attachment; filename="redemptions.csv"'


def test_the_xlsx_keeps_text_as_text_and_numbers_and_dates_typed(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = datetime.datetime(2025, 6, 1, 16, 30, 5, 500, tzinfo=datetime.UTC)
    response = exports.xlsx_response("导出", ["名字", "积分", "时间"], [['=HYPERLINK("http://x","y")', -4, moment]])

    sheet = load_workbook(io.BytesIO(read(response))).active
    name, points, when = (c.value for c in sheet[2])
    assert sheet[2][0].data_type == "s"
    assert name == '\'=HYPERLINK("http://x","y")'
    assert points == -4
    assert when == datetime.datetime(2025, 6, 2, 0, 30, 5)
    assert "filename*=UTF-8''%E5%AF%BC%E5%87%BA.xlsx" in response["Content-Disposition"]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_model_admin_with_an_export_uses_the_helper():
    hooks.get_hooks("register_admin_urls")  # imports every app's wagtail_hooks, where ModelAdmins are declared
    ours = ("portal.", "website.", "courses.", "recruitment.")
    exporting = {admin for admin in _subclasses(ModelAdmin) if admin.__module__.startswith(ours) and admin.list_export}

    assert {admin.__name__ for admin in exporting} >= {
        "RedemptionAdmin",
        "CommunityGroupAdmin",
        "ActivityAdmin",
        "EnrolmentAdmin",
        "ApplicationAdmin",
    }
    for admin in exporting:
        assert issubclass(admin.index_view_class, exports.ExportIndexView), admin.__name__
