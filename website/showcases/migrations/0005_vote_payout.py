"""Vote points are paid once per entry when voting closes, from the final tally: the payout record, and the vote
rule's description saying so (only where the community team has not rewritten it)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

OLD_DESCRIPTION = "每获得一个赞 1 分，每件作品最多计 20 个赞"
NEW_DESCRIPTION = "投票结束后按最终票数结算：每个赞 1 分，每件作品最多计 20 个赞"


def describe_payout(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    PointRule.objects.filter(code="showcase_vote_received", description=OLD_DESCRIPTION).update(
        description=NEW_DESCRIPTION
    )


def describe_per_vote(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    PointRule.objects.filter(code="showcase_vote_received", description=NEW_DESCRIPTION).update(
        description=OLD_DESCRIPTION
    )


class Migration(migrations.Migration):
    dependencies = [
        ("showcases", "0004_private_entry_images"),
        ("points", "0002_default_rules_and_levels"),
    ]

    operations = [
        migrations.CreateModel(
            name="VotePayout",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="vote_payout",
                        serialize=False,
                        to="showcases.entry",
                        verbose_name="showcase entry",
                    ),
                ),
                ("votes", models.PositiveIntegerField(verbose_name="final votes")),
                ("points", models.PositiveIntegerField(verbose_name="points paid")),
                ("paid_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="paid")),
            ],
            options={
                "verbose_name": "vote payout",
                "verbose_name_plural": "vote payouts",
                "ordering": ["-paid_at"],
            },
        ),
        migrations.RunPython(describe_payout, describe_per_vote),
    ]
