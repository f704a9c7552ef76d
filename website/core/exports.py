"""Spreadsheet exports: the one place that turns values into safe cells and streams them as CSV or XLSX.

Exported cells are opened by operators in Excel, WPS or LibreOffice, where a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a line break may run as a formula (``=HYPERLINK(...)`` typed into a member's name or address). Every
text cell that could be read that way gets a leading apostrophe; real numbers stay numbers. Dates and times are
written in the site's time zone without microseconds, choices and booleans as their translated labels, ``None`` as
an empty cell. CSV files start with a UTF-8 byte order mark so spreadsheet programs read Chinese correctly.
"""

import csv
import datetime
import re
import unicodedata
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.contrib.admin.utils import lookup_field
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext
from wagtail_modeladmin.views import IndexView

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|;]+')


def neutralise(text):
    """Text a spreadsheet will show as text: formula-leading cells get an apostrophe; plain numbers are left alone."""
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def yes_no(value):
    return pgettext("export cell", "Yes") if value else pgettext("export cell", "No")


def local_datetime(value):
    """A datetime in the site's time zone (settings.TIME_ZONE, whatever is active), naive, to the second."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return value.replace(tzinfo=None, microsecond=0)


def cell(value):
    """One CSV cell: a number stays a number, everything else becomes safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return local_datetime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0, tzinfo=None).strftime("%H:%M:%S")
    if isinstance(value, list | tuple | set | frozenset):
        return neutralise(", ".join(str(cell(item)) for item in value))
    if isinstance(value, Promise):
        value = str(value)
    return neutralise(str(value))


def xlsx_cell(value):
    """One XLSX cell: real numbers and dates keep their types, text is the same safe text as in CSV."""
    if isinstance(value, datetime.datetime):
        return local_datetime(value)
    if isinstance(value, datetime.date | int | float | Decimal) and not isinstance(value, bool):
        return value
    return cell(value)


def ascii_fallback(name):
    """An ASCII name for clients that ignore RFC 5987's ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-.")
    return ascii_name or "export"


def attachment(filename):
    """A Content-Disposition value for a download, with an RFC 5987 UTF-8 name when it is not plain ASCII."""
    name = _UNSAFE_FILENAME.sub("-", str(filename)).strip(" .-") or "export"
    stem, dot, extension = name.rpartition(".")
    fallback = f"{ascii_fallback(stem)}.{ascii_fallback(extension)}" if dot else ascii_fallback(name)
    if fallback == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """A streamed CSV download: BOM, header row, then each row of ``rows`` (any iterable) made safe cell by cell."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow([cell(value) for value in header])
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(f"{filename}.csv")
    return response


def xlsx_response(filename, header, rows):
    """An XLSX download with the same safe cells; text is always stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Sheet1")

    def cells(values):
        for value in values:
            written = WriteOnlyCell(sheet, xlsx_cell(value))
            if written.data_type == "f":
                written.data_type = "s"
            if isinstance(value, datetime.datetime):
                written.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, datetime.date):
                written.number_format = "yyyy-mm-dd"
            yield written

    sheet.append(list(cells(header)))
    for row in rows:
        sheet.append(list(cells(row)))
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    response = FileResponse(output, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment(f"{filename}.xlsx")
    return response


def spreadsheet_response(export_format, filename, header, rows):
    if export_format == XLSX:
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)


def field_value(obj, name, model_admin=None):
    """The value of one exported column: a choice field gives its label, a missing relation gives None."""
    try:
        field, _attr, value = lookup_field(name, obj, model_admin)
    except (AttributeError, ObjectDoesNotExist):
        return None
    if isinstance(field, models.Field) and field.choices and not field.is_relation:
        return dict(field.flatchoices).get(value, value)
    return value


class ExportIndexView(IndexView):
    """wagtail-modeladmin's list view whose CSV and XLSX downloads go through this module."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        header = [self.get_heading(queryset, name) for name in self.list_export]
        # Stream large tables in chunks rather than loading every row (and its related objects) at once.
        items = queryset.iterator(chunk_size=2000) if hasattr(queryset, "iterator") else queryset
        rows = ([field_value(item, name, self.model_admin) for name in self.list_export] for item in items)
        return spreadsheet_response(spreadsheet_format, self.get_filename(), header, rows)


class SafeExportMixin:
    """Mix into a ModelAdmin with ``list_export``: its downloads are made safe here instead of cell by cell."""

    index_view_class = ExportIndexView
