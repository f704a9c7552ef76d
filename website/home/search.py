"""What the site search finds, and in which order: pages, groups, activities and (for leaders) guides.

Each kind is searched through Wagtail's index with the Chinese-aware query of :mod:`website.core.search`, among the
records the visitor may see anyway, and is ranked the same way on every database: results whose title (a group's
name) holds every query term come first, then the rest in the backend's relevance order. The backends weigh titles
differently (PostgreSQL by field weight, SQLite's FTS5 not per field at all), so the rule is applied here.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from portal.groups.models import Activity, CommunityGroup
from website.core.search import title_matches
from website.guides.models import LeaderGuidePage

# The most pages one query lists (ten result pages): enough to browse, bounded however common the words.
MAX_PAGE_RESULTS = 200
# Groups, activities and guides are side lists with a link each; a visitor refines the query for more.
MAX_SIDE_RESULTS = 8
# Side lists are re-ranked from this many backend hits, so a title match beyond the first few still comes first.
SIDE_CANDIDATES = 50


def in_active_locale(pages):
    """Pages in the visitor's language, plus default-language pages that have no live translation in it.

    Without ``WAGTAIL_I18N_ENABLED`` every page is in the one default locale and nothing is filtered. With it, an
    English visitor sees the English version of a translated page (never both) and the Chinese original of one that
    is not translated yet.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return pages
    active = Locale.get_active()
    default = Locale.get_default()
    if active.pk == default.pk:
        return pages.filter(locale=active)
    translated = pages.filter(locale=active).values("translation_key")
    return pages.filter(Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated)))


def _titles_first(results, query, title):
    """``results`` (already in relevance order) with those whose title holds every query term moved to the front."""
    return sorted(results, key=lambda result: not title_matches(title(result), query))


def search_pages(query, parsed):
    """Live public pages (guides apart) matching ``parsed``, as a list of non-specific pages in display order.

    Only ids and titles are loaded here; the view fetches the specific pages of the one result page it shows.
    """
    pages = in_active_locale(Page.objects.live().public().not_type(LeaderGuidePage)).only("id", "title")
    hits = list(pages.search(parsed, order_by_relevance=True)[:MAX_PAGE_RESULTS])
    return _titles_first(hits, query, lambda page: page.title)


def specific_in_order(pages):
    """The specific pages for ``pages``, in the same order, with one query per page type."""
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in pages]).specific()}
    return [by_pk[page.pk] for page in pages if page.pk in by_pk]


def search_guides(query, parsed):
    """Leader guides matching ``parsed``; the caller has checked that the visitor is a leader or staff."""
    guides = in_active_locale(LeaderGuidePage.objects.live())
    hits = list(guides.search(parsed, order_by_relevance=True)[:SIDE_CANDIDATES])
    return _titles_first(hits, query, lambda guide: guide.title)[:MAX_SIDE_RESULTS]


def search_groups(query, parsed):
    """Active groups matching ``parsed``: archived groups never; dormant ones (which the directory hides unless asked)
    after the others with the same kind of match."""
    groups = CommunityGroup.objects.active().select_related("topic")
    hits = list(get_search_backend().search(parsed, groups, order_by_relevance=True)[:SIDE_CANDIDATES])
    awake_first = sorted(hits, key=lambda group: group.dormant)
    return _titles_first(awake_first, query, lambda group: group.name)[:MAX_SIDE_RESULTS]


def search_activities(query, parsed):
    """Scheduled activities of active groups matching ``parsed``: what the activity pages show anyone.

    Cancelled activities and everything in an archived group stay out. Among equal matches the next ones come first,
    then past ones from the most recent; a series (a group's activity of the same title every week) is listed once,
    at its next (or latest) date, so that it does not fill the list.
    """
    activities = (
        Activity.objects.scheduled().filter(group__status=CommunityGroup.Status.ACTIVE).select_related("group")
    )
    hits = get_search_backend().search(parsed, activities, order_by_relevance=True)[:SIDE_CANDIDATES]
    now = timezone.now()
    by_date = sorted(hits, key=lambda a: (a.starts_at < now, abs((a.starts_at - now).total_seconds())))
    ranked = _titles_first(by_date, query, lambda activity: activity.title)
    seen = set()
    listed = []
    for activity in ranked:
        if (activity.group_id, activity.title) not in seen:
            seen.add((activity.group_id, activity.title))
            listed.append(activity)
    return listed[:MAX_SIDE_RESULTS]
