"""Move files uploaded before unguessable names and private storage to where they belong now; safe to run again.

Each member upload gets a random name in the storage its field uses today (chat QR codes and showcase images in the
private storage), and each Wagtail document moves under documents/<token>/ in the private root. A file already at
such a name in the right storage is left alone, so a second run changes nothing.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from website.core.uploads import is_unguessable

FIELDS = [
    ("accounts.User", "avatar"),
    ("groups.CommunityGroup", "cover"),
    ("groups.CommunityGroup", "chat_qr"),
    ("groups.ActivityPhoto", "image"),
    ("showcases.EntryImage", "image"),
]


def _legacy_storage():
    """Where files were stored before: MEDIA_ROOT itself on local disk (the default storage now routes documents
    elsewhere), the default storage otherwise."""
    if isinstance(default_storage, FileSystemStorage):
        return FileSystemStorage(location=settings.MEDIA_ROOT)
    return default_storage


class Command(BaseCommand):
    help = "Give stored uploads unguessable names and move private files out of public media. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would move.")

    def handle(self, *args, dry_run=False, **options):
        from django.apps import apps

        legacy = _legacy_storage()
        specs = [(apps.get_model(label), field) for label, field in FIELDS]
        specs.append((get_document_model(), "file"))
        moved = missing = 0
        for model, field_name in specs:
            field = model._meta.get_field(field_name)
            rows = model._default_manager.exclude(**{field_name: ""}).only("pk", field_name).order_by("pk")
            for instance in rows.iterator():
                outcome = self._secure(instance, field, legacy, dry_run)
                moved += outcome == "moved"
                missing += outcome == "missing"
        verb = "would move" if dry_run else "moved"
        self.stdout.write(f"{verb} {moved} file(s); {missing} missing file(s) left as they were.")

    def _secure(self, instance, field, legacy, dry_run):
        name = getattr(instance, field.attname).name
        target = field.storage
        if is_unguessable(name) and target.exists(name):
            return "done"
        if target.exists(name):
            source = target
        elif legacy.exists(name):
            source = legacy
        else:
            self.stderr.write(f"missing: {instance._meta.label} {instance.pk} {field.name}={name}")
            return "missing"
        if dry_run:
            self.stdout.write(f"would move {name}")
            return "moved"
        new_name = name if is_unguessable(name) else field.generate_filename(instance, posixpath.basename(name))
        with source.open(name, "rb") as content:
            new_name = target.save(new_name, content)
        type(instance)._default_manager.filter(pk=instance.pk).update(**{field.attname: new_name})
        if not (source is target and new_name == name):
            source.delete(name)
        self.stdout.write(f"moved {name} -> {new_name}")
        return "moved"
