"""Back-fill the group an existing ledger entry was earned in, where its source says it, and the group tallies.

The rules below are the in-group awards of today's callers; the founding bonus, sign-up, profile, courses and
showcases stay site-wide (empty scope). Reversals share their entry's rule and source, so they get the same scope.
A one-off migration may know the groups app's tables; the points code itself never does.
"""

from collections import defaultdict

from django.db import migrations
from django.db.models import BigIntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

# (rule code, source app label, source model) -> the source's field holding the group id ("pk": the source is the group).
SCOPE_SOURCES = {
    ("activity_attended", "groups", "activity"): "group_id",
    ("activity_hosted", "groups", "activity"): "group_id",
    ("join_request_handled", "groups", "joinrequest"): "group_id",
    ("group_joined", "groups", "communitygroup"): "pk",
    ("monthly_top3", "groups", "monthlygroupwinner"): "group_id",
}


def scope_field_for(rule_code, app_label, model):
    """The source field that names the group an entry of this rule and source was earned in; None: site-wide."""
    return SCOPE_SOURCES.get((rule_code, app_label, (model or "").lower()))


def backfill_scopes(apps, schema_editor):
    PointEntry = apps.get_model("points", "PointEntry")
    PointRule = apps.get_model("points", "PointRule")
    ScopeDailyTally = apps.get_model("points", "ScopeDailyTally")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rules = dict(PointRule.objects.values_list("code", "pk"))
    for (code, app_label, model), field in SCOPE_SOURCES.items():
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if code not in rules or content_type is None:
            continue
        # The base manager: the live model's default one refuses updates (append-only), a back-fill is the exception.
        entries = PointEntry._base_manager.filter(rule_id=rules[code], source_type=content_type, scope_id__isnull=True)
        entries = entries.exclude(source_id="")
        if field == "pk":
            # The source is the group itself: its id is the entry's source id, stored as text.
            entries.update(scope_id=Cast("source_id", BigIntegerField()))
            continue
        Source = apps.get_model(app_label, model)
        group_of_source = Source.objects.filter(pk=Cast(OuterRef("source_id"), BigIntegerField())).values(field)[:1]
        entries.update(scope_id=Subquery(group_of_source))

    # Rebuild the group tallies from the ledger: lifetime points per member, group and local day.
    ScopeDailyTally.objects.all().delete()
    tz = timezone.get_current_timezone()
    totals = defaultdict(int)
    rows = (
        PointEntry._base_manager.filter(Q(counts_toward_lifetime=True), scope_id__isnull=False)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("member_id", "scope_id", "day")
        .annotate(total=Sum("amount"))
    )
    for member_id, scope_id, day, total in rows.iterator():
        totals[(member_id, scope_id, day)] += total
    ScopeDailyTally.objects.bulk_create(
        [
            ScopeDailyTally(member_id=member_id, scope_id=scope_id, date=day, earned=total)
            for (member_id, scope_id, day), total in totals.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0003_entry_scope"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The sources it reads: activities, join requests, groups and monthly winners (latest groups schema).
        ("groups", "0008_private_chat_qr"),
    ]

    operations = [migrations.RunPython(backfill_scopes, migrations.RunPython.noop)]
