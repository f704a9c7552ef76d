"""Helpers for data migrations that create pages: treebeard's API does not exist on historical models."""

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _base36(number, width=STEP):
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = PATH_ALPHABET[rest] + digits
    return digits.rjust(width, "0")


def add_child_page(apps, parent, model_label, **fields):
    """Append a live page of ``model_label`` under ``parent`` (a historical Page-derived instance)."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Model = apps.get_model(model_label)
    app_label, model_name = model_label.split(".")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    path = parent.path + _base36(1) if last is None else last.path[:-STEP] + _base36(int(last.path[-STEP:], 36) + 1)
    page = Model.objects.create(
        content_type=content_type,
        path=path,
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{fields['slug']}/",
        live=True,
        draft_title=fields["title"],
        locale_id=parent.locale_id,
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return page


def home_page(apps):
    HomePage = apps.get_model("home", "HomePage")
    return HomePage.objects.order_by("path").first()


def add_child_collection(apps, name):
    """Append a collection under the root collection (or return the existing one of that name)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    existing = Collection.objects.filter(name=name, depth=2).first()
    if existing is not None:
        return existing
    root = Collection.objects.get(depth=1)
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    path = root.path + _base36(1) if last is None else last.path[:-STEP] + _base36(int(last.path[-STEP:], 36) + 1)
    collection = Collection.objects.create(name=name, path=path, depth=2, numchild=0)
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    return collection
