"""Content locales: Simplified Chinese, the original, and English.

Wagtail made the first locale from LANGUAGE_CODE when it was installed; an install that started under another
LANGUAGE_CODE has its pages in that locale, so it becomes zh-hans here rather than leaving the pages in a language
the site no longer offers. The English tree starts when an editor translates the home page; from then on it mirrors
the Chinese one (website.core.translation).
"""

from django.db import migrations

DEFAULT = "zh-hans"
SECOND = "en"


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")

    default = Locale.objects.filter(language_code=DEFAULT).first()
    if default is None:
        home = Page.objects.filter(depth=2).order_by("path").first()
        default = Locale.objects.filter(pk=home.locale_id).first() if home else None
        if default is not None and default.language_code != SECOND:
            default.language_code = DEFAULT
            default.save(update_fields=["language_code"])
        else:
            default = Locale.objects.create(language_code=DEFAULT)
    Locale.objects.get_or_create(language_code=SECOND)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_joblock"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    # Nothing to undo: pages may already live in the English locale.
    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
