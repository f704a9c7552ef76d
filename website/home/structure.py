"""The home page as the default site's root, in place of Wagtail's placeholder welcome page."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from website.core.site_setup import step
from website.core.structure import DEFAULT_LOCALE

from .models import HomePage

TITLE = "首页"
SITE_NAME = "社群运营"


@step(100)
def home_page(using):
    if HomePage.objects.using(using).exists():
        return
    # Wagtail's "Welcome to your new Wagtail site!" page (a plain Page) takes the place the home page belongs in.
    placeholder = ContentType.objects.db_manager(using).get_for_model(Page)
    Page.objects.using(using).filter(depth=2, slug="home", content_type=placeholder).delete()
    root = Page.objects.using(using).get(depth=1)
    locale = Locale.objects.using(using).get(language_code=DEFAULT_LOCALE)
    home = root.add_child(instance=HomePage(title=TITLE, draft_title=TITLE, slug="home", live=True, locale=locale))
    Site.objects.using(using).update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80, "site_name": SITE_NAME}
    )
