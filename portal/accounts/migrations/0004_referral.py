# Share-link referrals move to the accounts app (any shared page, not only courses); courses 0004 copies the rows.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_lecturer_title'),
    ]

    operations = [
        migrations.CreateModel(
            name='Referral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_path', models.CharField(blank=True, max_length=200, verbose_name='shared page')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='signed up')),
                ('new_member', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='referral', to=settings.AUTH_USER_MODEL, verbose_name='new member')),
                ('sharer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='referrals_made', to=settings.AUTH_USER_MODEL, verbose_name='shared by')),
            ],
            options={
                'verbose_name': 'referral',
                'verbose_name_plural': 'referrals',
                'ordering': ['-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('new_member', models.F('sharer')), _negated=True), name='accounts_referral_not_self')],
            },
        ),
    ]
