"""The member dashboard's points panel: balance, level and progress to the next level, rank this month."""

from django.template.loader import render_to_string

from . import leaderboards, services


def points_panel(request):
    balance = services.balance_of(request.user)
    rank, points = leaderboards.my_standing(request.user, "month")
    return render_to_string(
        "points/dashboard_panel.html",
        {
            "balance": balance,
            "progress": services.level_progress(balance.lifetime_earned),
            "rank": rank,
            "month_points": points,
        },
        request=request,
    )
