"""Member pages for points: my points and history, leaderboards, the rewards catalogue and redeeming."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from website.core import ratelimit

from . import leaderboards, services
from .forms import RedeemForm
from .models import LeaderboardArchive, PointEntry, PointsSettings, Redemption, Reward

ENTRIES_PER_PAGE = 30
PERIOD_LABELS = {
    "7d": gettext_lazy("Last 7 days"),
    "30d": gettext_lazy("Last 30 days"),
    "month": gettext_lazy("This month"),
    "all": gettext_lazy("All time"),
}


@login_required
def my_points(request):
    balance = services.balance_of(request.user)
    # Apps above points say how to load their sources cheaply (e.g. an activity with its group for its URL).
    source_querysets = [qs for hook in hooks.get_hooks("points_source_querysets") for qs in hook()]
    entries = (
        PointEntry.objects.filter(member=request.user)
        .select_related("rule", "source_type")
        .prefetch_related(GenericPrefetch("source", source_querysets))
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rank_30d, points_30d = leaderboards.my_standing(request.user, "30d")
    return render(
        request,
        "points/my_points.html",
        {
            "balance": balance,
            "progress": services.level_progress(balance.lifetime_earned),
            "entries": page_obj,
            "rank_30d": rank_30d,
            "points_30d": points_30d,
            "redemptions": Redemption.objects.filter(member=request.user).select_related("reward")[:10],
        },
    )


@login_required
def leaderboard(request):
    period = request.GET.get("period", "30d")
    if period not in leaderboards.PERIODS:
        period = "30d"
    size = PointsSettings.load().leaderboard_size
    # One snapshot for the table and "my rank", so the two never disagree.
    board = leaderboards.leaderboard(request.user, period, limit=size)
    return render(
        request,
        "points/leaderboard.html",
        {
            "rows": board.rows,
            "period": period,
            "periods": list(PERIOD_LABELS.items()),
            "period_label": PERIOD_LABELS[period],
            "my_rank": board.my_rank,
            "my_points": board.my_points,
            "standings_taken_at": board.taken_at,
            "in_top": any(row.member.pk == request.user.pk for row in board.rows),
            # The last three closed months' podiums.
            "archive": LeaderboardArchive.objects.filter(rank__lte=3)
            .select_related("member")
            .order_by("-month", "rank")[:9],
        },
    )


@login_required
def rewards(request):
    balance = services.balance_of(request.user)
    catalogue = [
        (reward, services.can_redeem(request.user, reward, balance))
        for reward in Reward.objects.filter(active=True).select_related("image", "min_level")
        if reward.is_available()
    ]
    return render(request, "points/rewards.html", {"catalogue": catalogue, "balance": balance})


@login_required
@ratelimit.limited("redeem")
def redeem(request, pk):
    reward = get_object_or_404(Reward.objects.select_related("min_level", "image"), pk=pk, active=True)
    balance = services.balance_of(request.user)
    form = RedeemForm(request.POST or None, needs_shipping=reward.is_posted)
    if request.method == "POST" and form.is_valid():
        try:
            services.redeem(request.user, reward, **form.cleaned_data)
        except services.PointsError as error:
            messages.error(request, str(error))
            return redirect("points:rewards")
        if reward.is_posted:
            messages.success(request, _("Redeemed! The community team will send it to you soon."))
        else:
            messages.success(request, _("Redeemed! The community team will issue it to you soon."))
        return redirect("points:mine")
    return render(
        request,
        "points/redeem.html",
        {
            "reward": reward,
            "form": form,
            "balance": balance,
            "blocked": services.can_redeem(request.user, reward, balance),
        },
    )
