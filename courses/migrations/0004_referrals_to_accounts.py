# Share-link referrals now live in accounts.Referral (any shared page can bring a member in): the course referrals are
# copied there, with the course's path as the shared page, then the courses table goes. Point entries that paid these
# referrals name the new member as their source, not the referral row, so they stay valid.

from django.db import migrations


def copy_to_accounts(apps, schema_editor):
    old = apps.get_model("courses", "Referral")
    new = apps.get_model("accounts", "Referral")
    Page = apps.get_model("wagtailcore", "Page")
    db = schema_editor.connection.alias
    paths = {}
    rows = []
    for referral in old.objects.using(db).order_by("pk").iterator():
        path = ""
        if referral.course_id:
            if referral.course_id not in paths:
                url_path = Page.objects.using(db).filter(pk=referral.course_id).values_list("url_path", flat=True)
                # "/<site root>/courses/<slug>/" as the site serves it: "/courses/<slug>/".
                rest = (url_path.first() or "").strip("/").partition("/")[2]
                paths[referral.course_id] = f"/{rest}/" if rest else ""
            path = paths[referral.course_id]
        rows.append(
            new(
                new_member_id=referral.new_member_id,
                sharer_id=referral.sharer_id,
                source_path=path[:200],
                created_at=referral.created_at,
            )
        )
    new.objects.using(db).bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def copy_back(apps, schema_editor):
    old = apps.get_model("courses", "Referral")
    new = apps.get_model("accounts", "Referral")
    db = schema_editor.connection.alias
    old.objects.using(db).bulk_create(
        [
            old(new_member_id=row.new_member_id, sharer_id=row.sharer_id, created_at=row.created_at)
            for row in new.objects.using(db).iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_referral"),
        ("courses", "0003_course_directory"),
    ]

    operations = [
        migrations.RunPython(copy_to_accounts, copy_back),
        migrations.DeleteModel(name="Referral"),
    ]
