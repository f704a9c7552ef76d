"""Reading downloaded spreadsheets in tests: a streamed or plain response's bytes, and its CSV rows after the BOM."""

import csv
import io


def read(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_of(response):
    text = read(response).decode("utf-8")
    assert text.startswith("\ufeff"), "a CSV export starts with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
