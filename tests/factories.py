"""factory_boy factories for the foundation's models; later apps add theirs beside these."""

import json

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from portal.accounts.models import User
from website.home.models import HomePage

# A password that passes every validator in AUTH_PASSWORD_VALIDATORS.
DEFAULT_PASSWORD = "Plum-blossom-river-2046"


def _add_groups(user, groups):
    user.groups.add(*(group if isinstance(group, Group) else Group.objects.get(name=group) for group in groups))


class EmailAddressFactory(DjangoModelFactory):
    """allauth's record of an address; sign-in with mandatory verification needs a verified primary one."""

    user = factory.SubFactory("tests.factories.UserFactory", email_address=None)
    email = factory.SelfAttribute("user.email")
    primary = True
    verified = False

    class Meta:
        model = EmailAddress


class UserFactory(DjangoModelFactory):
    """A member. `UserFactory(verified=True)` gives one who can sign in; the default is still unverified."""

    email = factory.Sequence(lambda n: f"member{n}@example.com")
    display_name = factory.Sequence(lambda n: f"成员{n}")
    password = factory.django.Password(DEFAULT_PASSWORD)
    is_active = True

    email_address = factory.RelatedFactory(EmailAddressFactory, factory_related_name="user")

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        verified = factory.Trait(email_address__verified=True)

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        """`UserFactory(groups=["Editors"])` adds the user to existing groups by name (or Group objects)."""
        if create and extracted:
            _add_groups(obj, extracted)


class StaffUserFactory(UserFactory):
    """A staff editor with a verified address, in the "Editors" group (override with `groups=[...]`)."""

    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    display_name = factory.Sequence(lambda n: f"编辑{n}")
    is_staff = True
    email_address__verified = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            _add_groups(obj, ["Editors"] if extracted is None else extracted)


# --- Home page sections ---------------------------------------------------------------------------------------------
# Raw StreamField JSON, the same shape the admin saves, so the tests exercise the blocks' own to_python.


def link(text="", url="", page=None):
    return {"text": text, "url": url, "page": page.pk if page else None}


def hero_block(title="加入我们的社群", subtitle="", eyebrow="", primary=None, secondary=None):
    return {
        "type": "hero",
        "value": {
            "eyebrow": eyebrow,
            "title": title,
            "subtitle": subtitle,
            "image": None,
            "primary": primary or link(),
            "secondary": secondary or link(),
        },
    }


def text_block(heading="关于我们", body="<p>我们是一群热爱生活的人。</p>"):
    return {"type": "text", "value": {"heading": heading, "body": body}}


def cta_block(title="现在就报名", text="", button=None):
    return {
        "type": "call_to_action",
        "value": {"title": title, "text": text, "button": button or link("注册", "/accounts/signup/")},
    }


def card(title="读书会", text="每月共读一本书", link_value=None):
    return {"title": title, "text": text, "image": None, "link": link_value or link()}


def card_grid_block(heading="精选社群", intro="", cards=None):
    return {"type": "card_grid", "value": {"heading": heading, "intro": intro, "cards": cards or [card()]}}


def stream(*blocks):
    return json.dumps(list(blocks))


class PageFactory(wagtail_factories.PageFactory):
    """A plain Wagtail page, e.g. a menu entry under the home page."""

    title = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    show_in_menus = True
    live = True


class HomePageFactory(wagtail_factories.PageFactory):
    """A HomePage. The migrations already made one the site root; use the `home_page` fixture for that one."""

    title = "首页"
    slug = factory.Sequence(lambda n: f"home-{n}")
    body = factory.LazyFunction(lambda: stream(hero_block(), text_block(), cta_block(), card_grid_block()))

    class Meta:
        model = HomePage
