"""Admin strings that Wagtail's Simplified Chinese catalogue does not translate yet.

Wagtail's zh_Hans catalogue lacks some of the strings on the screens editors use every day (the page explorer, the
editor, the dashboard), so they met English there: "Date updated", "Autosave is paused", "Search all pages…". Listing
the msgids here keeps them in the project catalogue (makemessages only collects strings from the project's own source),
where they are translated, and gettext finds them there when Wagtail asks. Nothing imports this module.

Only strings Wagtail leaves untranslated belong here: a project entry for a string Wagtail does translate would
override Wagtail's Chinese, which tests/i18n/test_catalogue.py rejects. When Wagtail's catalogue catches up, drop the
entry.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django has no ngettext_noop: ngettext_lazy marks the plural pairs for makemessages, and nothing ever evaluates them.

# The dashboard, the sidebar and the keyboard-shortcuts dialog every admin screen carries.
EVERY_SCREEN = (
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here "
        'are the <a href="https://www.enable-javascript.com/" target="_blank" '
        'rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    gettext_noop("Search all pages…"),
    gettext_noop("Privacy and access"),
    gettext_noop("Page types usage"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Shortcuts"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."),
    gettext_noop("Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."),
    gettext_noop("account"),
    gettext_noop("Section"),
    gettext_noop("Application"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Save changes"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
)

# The page explorer.
EXPLORER = (
    gettext_noop("Exploring"),
    # The help box above the root of the page tree (a staff editor's "Pages" menu opens there first).
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as "
        "children of the homepage."
    ),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be "
        "accessible at any URL until they are associated with a site."
    ),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    gettext_noop(
        "There is no site set up for this location. Pages created here will not be accessible at any URL until a "
        "site is associated with this location."
    ),
    gettext_noop("Actions (footer)"),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Page type"),
    gettext_noop("Any"),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. "
        "Pages created here will not be accessible at any URL until they are associated "
        "with a site."
    ),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("Available in %(translations_total)s locales"),
    gettext_noop("Locking: "),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Choose who can view the live version of this page"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times"),
)

# The page editor.
EDITOR = (
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Toggle checks"),
    gettext_noop("Checks"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop("This data explained"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    gettext_noop("We calculate reading time from word count, using different reading speeds for different languages."),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long "
        "sentences and words result in a worse readability score."
    ),
    gettext_noop('This publishing schedule will only take effect after you select the "Schedule to publish" option'),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version."
    ),
    gettext_noop("View latest version"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for '
        "more information on how content metrics are calculated."
    ),
    gettext_noop("Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"),
    gettext_noop("%(time)s by %(user_display_name)s"),
)

# Workflows, history and the project's modeladmin listings.
LISTINGS = (
    gettext_noop("Show disabled"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Is commenting action"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
    gettext_noop("By %(filter_title)s"),
)
