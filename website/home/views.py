"""Site search over courses, recruitment calls, showcases, featured groups, groups, activities and (for leaders)
guides, in Chinese as well as in English.

The rules (what each visitor may find, Chinese segmentation, title-first ranking) live in ``website.home.search``
and ``website.core.search``; this view reads the query, calls them and paginates.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from portal.board.search import search_posts
from portal.groups.services.leaders import is_leader
from website.core.search import parse_query

from . import search as site_search

RESULTS_PER_PAGE = 20
# The search box takes 100 characters; a longer query string (a crafted link) is cut to the same length.
MAX_QUERY_LENGTH = 100


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    parsed = parse_query(query) if query else None
    page_obj = groups = activities = guides = posts = None
    if query:
        pages = site_search.search_pages(query, parsed) if parsed else []
        page_obj = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = site_search.specific_in_order(page_obj.object_list)
        if parsed:
            groups = site_search.search_groups(query, parsed)
            activities = site_search.search_activities(query, parsed)
            user = request.user
            # Public posts, and the members-only boards of the visitor's own groups (portal.board.search).
            posts = search_posts(query, parsed, user)
            if user.is_authenticated and (user.is_staff or is_leader(user)):
                guides = site_search.search_guides(query, parsed)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "query": query,
            "results": page_obj,
            "groups": groups,
            "activities": activities,
            "guides": guides,
            "posts": posts,
            "query_string": urlencode({"q": query}),
        },
    )
