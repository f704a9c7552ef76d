"""Demo English translations: the home page, the sections in the menu, one course and one featured group.

Runs after every Chinese page exists, so translating the home page (which starts the English tree) gives every other
page its English alias in the same order; the pages below are then translated in place of their aliases. A page an
editor has already translated is left alone, like the Chinese builders leave edited pages alone.
"""

from wagtail.models import Locale, Page

from website.core.translation import translate_page
from website.home.models import HomePage

from .core import register

LANGUAGE = "en"


def _rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _link(text, url="", page=None):
    return {"text": text, "url": url, "page": page}


SECTIONS = {
    # slug under the home page: (title, introduction)
    "groups": ("Groups", "Find a group by interest, city or stage. Nothing that fits? Start your own."),
    "courses": (
        "Courses",
        "Short courses and live classes, from first steps to professional skills, online and in person. "
        "Finishing a course earns you points.",
    ),
    "showcases": (
        "Showcases",
        "Show what you have made and tell the story behind it. The most-liked entries and the editors' picks win "
        "prizes.",
    ),
    "featured": ("Featured groups", "Core groups picked by the community team: see how good groups are built."),
    "recruitment": (
        "We're recruiting",
        "We are looking for group leaders, lecturers, early members and volunteers. See if there is a role for you.",
    ),
    "leader-guides": (
        "Leader guides",
        "Practical handbooks for group leaders and admins: starting a group, setting rules, creating content, running "
        "events, welcoming newcomers and handling conflict.",
    ),
}

RULES = {
    "title": "Community rules",
    "intro": "Every group has its own ways. These few rules are the ground every group shares.",
    "body": [
        (
            "Starting a group",
            "Members with a verified e-mail address who joined at least 7 days ago can apply to start a group; a "
            "member can lead up to 3 groups at a time.",
            "Say clearly who the group is for: its name, topic, city and purpose. The name must not repeat an "
            "existing group's.",
        ),
        (
            "Size and pace",
            "A group holds at most 100 members, and 30 to 50 is the healthiest size. A full group can keep a waiting "
            "list, or its most active members can start a new group of their own.",
            "Meet-ups work best with 10 to 15 people, about half newcomers and half regulars.",
        ),
        (
            "Getting along",
            "Respect every member: no advertising, no rumours, and no sharing other people's private details.",
            "Leaders and admins keep things in order. When there is a disagreement, talk it through in private first, "
            "then ask the community team for help.",
        ),
    ],
}

ABOUT = {
    "title": "About us",
    "intro": "We believe groups belong to their members; the community team is there to support them.",
    "body": (
        "What we do",
        "We give interest groups everything they need: starting a group, finding members, events, training and "
        "rewards.",
        "The community team spends most of its time with the few groups that stand out, turns what they learned "
        "into guides, and shares them with every leader.",
    ),
    "cta": ("Want to talk something through?", "Write to the community team; we reply within two working days."),
}

COURSE = {
    "slug": "sourdough-101",
    "title": "Sourdough from scratch: start with your own starter",
    "summary": "In four classes you will raise your first jar of starter and bake an open-crumbed loaf.",
    "lecturer_bio": "Runs a home baking studio and has taught more than 800 students",
    "body": (
        "What you will learn",
        "Feeding and reading a starter, shaping, proofing and scoring: everything between a jar of flour and water "
        "and a crusty loaf.",
        "After each class there is a small assignment, and the lecturer gives everyone personal feedback.",
    ),
}

FEATURE = {
    "slug": "featured-hz-baking",
    "title": "Hangzhou Weekend Bakers",
    "headline": "From five people in a kitchen to a baking club of 46",
    "story": (
        "Lin Xiaoyu only wanted someone to practise country loaves with. Two years later the Hangzhou Weekend Bakers "
        "meet every week, and each newcomer is paired with a regular who shows them the ropes.",
        "From the community team: a steady rhythm of events and real patience with beginners are what made it a "
        "core group.",
    ),
}


def _home_body(original):
    """The English sections, keeping the Chinese page's pictures and links."""
    blocks = {block.block_type: block.value for block in original.body}
    hero, grid = blocks.get("hero"), blocks.get("card_grid")
    rules = original.get_children().filter(slug="rules").first()
    images = [card["image"] for card in grid["cards"]] if grid else [None, None, None]
    return [
        (
            "hero",
            {
                "eyebrow": "Interest groups",
                "title": "Find your people and turn what you love into something you do together",
                "subtitle": "Baking, film nights, running, reading with the kids... On Tonghaoli members start and "
                "run their own groups, and we bring the rules, training, recruiting and visibility that help each "
                "group grow from its first meet-up to the core of the community.",
                "image": hero["image"] if hero else None,
                "primary": _link("Sign up free", url="/en/accounts/signup/"),
                "secondary": _link("Read the community rules", page=rules),
            },
        ),
        (
            "card_grid",
            {
                "heading": "Three stages of a group",
                "intro": "Every group can see which stage it is at, and what it still needs for the next one.",
                "cards": [
                    {
                        "title": "Starting",
                        "text": "Anyone who meets the rules can start a group. The bar is low and the best groups "
                        "grow. First, bring together a handful of people who share your interest.",
                        "image": images[0],
                        "link": _link(""),
                    },
                    {
                        "title": "Growing",
                        "text": "Once a group comes alive, the community team steps in with leader training, event "
                        "promotion and more visibility.",
                        "image": images[1],
                        "link": _link(""),
                    },
                    {
                        "title": "Core",
                        "text": "Mature, steady groups that keep creating get the most support and are shown across "
                        "the site as examples for others.",
                        "image": images[2],
                        "link": _link(""),
                    },
                ],
            },
        ),
        (
            "text",
            {
                "heading": "Groups belong to their members",
                "body": _rich(
                    "A good group usually starts with one person willing to get things going: a city book club, a "
                    "weekend cycling crew, or a support circle for new parents.",
                    "We don't run your group for you. We give you the tools and the backing you need: clear rules, "
                    "ready-made training material, recruiting posters and a place to swap notes with other leaders.",
                ),
            },
        ),
        (
            "call_to_action",
            {
                "title": "Ready to meet people who love what you love?",
                "text": "Signing up takes a minute. Verify your e-mail, fill in your profile, and people nearby who "
                "share your interests will find you more easily.",
                "button": _link("Become a member", url="/en/accounts/signup/"),
            },
        ),
    ]


def _text(heading, *paragraphs):
    return ("text", {"heading": heading, "body": _rich(*paragraphs)})


def _translate(original, **fields):
    """Translate ``original`` unless an editor already has; aliases are replaced by the translation."""
    if original is None:
        return None
    existing = Page.objects.filter(translation_key=original.translation_key, locale__language_code=LANGUAGE).first()
    if existing is not None and existing.alias_of_id is None:
        return existing
    return translate_page(original, LANGUAGE, **fields)


@register(order=420)
def english_pages(context):
    if not Locale.objects.filter(language_code=LANGUAGE).exists():
        return
    home = HomePage.objects.get(locale=Locale.get_default())
    _translate(home, title="Home", seo_title="Interest groups run by their members", body=_home_body(home))

    children = {page.slug: page.specific for page in home.get_children()}
    for slug, (title, intro) in SECTIONS.items():
        _translate(children.get(slug), title=title, intro=intro)
    _translate(
        children.get("rules"),
        title=RULES["title"],
        intro=RULES["intro"],
        body=[_text(*section) for section in RULES["body"]],
    )
    heading, *paragraphs = ABOUT["body"]
    cta_title, cta_text = ABOUT["cta"]
    _translate(
        children.get("about"),
        title=ABOUT["title"],
        intro=ABOUT["intro"],
        body=[
            _text(heading, *paragraphs),
            (
                "call_to_action",
                {
                    "title": cta_title,
                    "text": cta_text,
                    "button": _link("Send us an e-mail", url="mailto:hello@tonghaoli.example"),
                },
            ),
        ],
    )

    courses = children.get("courses")
    course = courses.get_children().filter(slug=COURSE["slug"]).specific().first() if courses else None
    heading, *paragraphs = COURSE["body"]
    _translate(
        course,
        title=COURSE["title"],
        summary=COURSE["summary"],
        lecturer_bio=COURSE["lecturer_bio"],
        body=[_text(heading, *paragraphs)],
    )

    featured = children.get("featured")
    feature = featured.get_children().filter(slug=FEATURE["slug"]).specific().first() if featured else None
    _translate(feature, title=FEATURE["title"], headline=FEATURE["headline"], story=_rich(*FEATURE["story"]))
