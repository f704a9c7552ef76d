"""The gate in front of leader guides for signed-in members who are not leaders.

Wagtail's group restriction sends anyone outside the group to the login page; a member who is already signed in
would land there again and again. They get a page that says what the library is and how to become a leader.
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from portal.groups.services.leaders import is_leader


def leaders_only_gate(next_serve_page):
    def serve(page, request, args, kwargs):
        from .models import LeaderGuideIndexPage, LeaderGuidePage

        specific_class = page.specific_class
        if (
            specific_class in (LeaderGuideIndexPage, LeaderGuidePage)
            and request.user.is_authenticated
            and not request.user.is_staff
            and not is_leader(request.user)
        ):
            from recruitment.models import RecruitmentCallPage
            from website.core.translation import localized_pages

            # Open now (RecruitmentCallPage.is_open), decided in SQL rather than over every leader call ever made.
            now = timezone.now()
            calls = localized_pages(RecruitmentCallPage.objects.live()).filter(
                role=RecruitmentCallPage.Role.LEADER, opens_at__lte=now, closes_at__gte=now
            )
            response = TemplateResponse(
                request,
                "guides/leaders_only.html",
                {"page": page, "leader_calls": list(calls)},
                status=403,
            )
            add_never_cache_headers(response)
            return response
        return next_serve_page(page, request, args, kwargs)

    return serve
