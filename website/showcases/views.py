"""A showcase page's requests: the entries board, submitting an entry, an entry's page and voting.

The page's routes (website.showcases.models.pages) hand each request here with the page; these views never import
the page module back."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from website.core import ratelimit
from website.core.translation import original_page
from website.core.urls_safe import safe_next

from . import services
from .forms import EntryForm
from .models.records import Entry, Vote

ENTRIES_PER_PAGE = 24


def _render(request, page, template, **context):
    return TemplateResponse(request, template, {"page": page, "self": page, **context})


def showcase(request, page):
    # Entries and votes belong to the original showcase, whichever language the page is read in.
    record = original_page(page)
    sort = request.GET.get("sort", "top")
    entries = record.entries.filter(status=Entry.Status.APPROVED).select_related("member")
    entries = entries.order_by("-created_at", "-pk") if sort == "new" else entries.order_by("-vote_count", "-pk")
    page_obj = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    shown = [entry.pk for entry in page_obj]
    first_images = {}
    for image in Entry.images.rel.related_model.objects.filter(entry_id__in=shown).order_by(
        "entry_id", "sort_order", "pk"
    ):
        first_images.setdefault(image.entry_id, image)
    voted = (
        set(Vote.objects.filter(member=request.user, entry_id__in=shown).values_list("entry_id", flat=True))
        if request.user.is_authenticated
        else set()
    )
    picks = list(
        record.entries.filter(status=Entry.Status.APPROVED, picked=True)
        .select_related("member")
        .order_by("-vote_count")[:6]
    )
    return _render(
        request,
        page,
        "showcases/showcase_page.html",
        entries=page_obj,
        cards=[(entry, first_images.get(entry.pk), entry.pk in voted) for entry in page_obj],
        picks=picks,
        sort=sort,
        query_string=f"sort={sort}",
    )


@ratelimit.limited("showcase_submit")
def submit(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "submit/", settings.LOGIN_URL)
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.submit(original_page(page), request.user, **form.cleaned_data)
        except services.ShowcaseError as error:
            form.add_error(None, str(error))
        else:
            if entry.status == Entry.Status.PENDING:
                messages.success(request, _("Thank you! Your entry goes live once the editors have looked at it."))
            else:
                messages.success(request, _("Your entry is live. Share it with your friends!"))
            return redirect(page.url)
    return _render(request, page, "showcases/submit.html", form=form)


def entry_detail(request, page, pk):
    entry = get_object_or_404(Entry.objects.select_related("member"), pk=pk, showcase=original_page(page))
    if not entry.is_public and entry.member_id != getattr(request.user, "pk", None):
        raise Http404
    voted = request.user.is_authenticated and Vote.objects.filter(entry=entry, member=request.user).exists()
    return _render(request, page, "showcases/entry.html", entry=entry, images=list(entry.images.all()), voted=voted)


@ratelimit.limited("showcase_vote")
def vote(request, page, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = get_object_or_404(Entry, pk=pk, showcase=original_page(page))
    if not request.user.is_authenticated:
        return redirect_to_login(entry.get_absolute_url(), settings.LOGIN_URL)
    try:
        now_voting = services.toggle_vote(entry, request.user)
    except services.ShowcaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thanks for your vote!") if now_voting else _("Your vote has been taken back."))
    return redirect(safe_next(request, entry.get_absolute_url()))
