"""Applications purge the anonymous pages that show a call's figures: the call page and the recruitment index."""

from website.core.page_cache import purge_on_change, purge_pages

from .models import Application, CallCounter


def purge_call(call):
    purge_pages([call])


purge_on_change(lambda row: purge_call(row.call), Application, CallCounter)
