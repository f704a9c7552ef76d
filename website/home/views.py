"""Site search over courses, recruitment calls, showcases, featured groups, groups, and (for leaders) guides.

Wagtail's database backend serves it: PostgreSQL's full-text search when on PostgreSQL, a portable index otherwise.
Restricted pages never appear through ``.public()``; leaders get the guides as a separate, explicit query.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from wagtail.models import Page

from portal.groups.leaders import is_leader
from portal.groups.models import CommunityGroup
from website.guides.models import LeaderGuidePage

RESULTS_PER_PAGE = 20


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    pages = groups = guides = None
    if query:
        pages = Page.objects.live().public().not_type(LeaderGuidePage).specific().search(query)
        groups = list(
            CommunityGroup.objects.active()
            .filter(Q(name__icontains=query) | Q(summary__icontains=query) | Q(city__icontains=query))
            .select_related("topic")
            .order_by("-member_count")[:8]
        )
        if request.user.is_authenticated and (request.user.is_staff or is_leader(request.user)):
            guides = list(LeaderGuidePage.objects.live().search(query)[:8])
    page_obj = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page")) if pages is not None else None
    return TemplateResponse(
        request,
        "home/search.html",
        {"query": query, "results": page_obj, "groups": groups, "guides": guides, "query_string": f"q={query}"},
    )
