"""A counting view of the default cache backend for cache-call budgets (the real backend still answers)."""


class CountingCache:
    """Counts the calls made on the default cache backend (the real backend still answers them)."""

    METHODS = ("get", "set", "add", "delete", "get_many", "set_many", "delete_many", "incr", "has_key", "touch")

    def __init__(self, backend):
        self.backend = backend
        self.calls = []

    def __enter__(self):
        for name in self.METHODS:
            original = getattr(self.backend, name)

            def counted(*args, _name=name, _original=original, **kwargs):
                self.calls.append((_name, str(args[0]) if args else ""))
                return _original(*args, **kwargs)

            setattr(self.backend, name, counted)
        return self

    def __exit__(self, *exc):
        for name in self.METHODS:
            delattr(self.backend, name)

    def reads_of(self, fragment):
        return [key for name, key in self.calls if name in ("get", "get_many") and fragment in key]
