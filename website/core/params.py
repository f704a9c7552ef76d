"""Reading ids and choices out of query strings and form posts without trusting them."""

# The largest key a BigAutoField (and SQLite's INTEGER) holds; anything bigger matches no row and must not reach SQL.
MAX_ID = 2**63 - 1


def ids_from(values):
    """The positive integer ids among ``values`` (e.g. ``request.POST.getlist("present")``); the rest is ignored."""
    ids = []
    for value in values:
        if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
            ids.append(int(value))
    return ids


def choice_from(value, choices, default=""):
    """``value`` when it is one of ``choices``, otherwise ``default``."""
    return value if value in choices else default
