"""Factories for the content apps: course, call, showcase, guide and featured pages, and showcase entries.

Pages go under the index pages the data migrations created and are published through a revision, the way the admin
publishes them, so revisions, the search index and the fragment-cache version move as they do in production.
``publish=False`` leaves a draft.
"""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale

from courses.models import CourseIndexPage, CoursePage, CourseSession
from portal.groups.models import CommunityGroup
from recruitment.models import CallQuestion, RecruitmentCallPage, RecruitmentIndexPage
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from website.featured.models import FeaturedGroupIndexPage, FeaturedGroupPage
from website.guides.models import LeaderGuideIndexPage, LeaderGuidePage
from website.showcases.models import Entry, ShowcaseIndexPage, ShowcasePage

GUIDE_COLLECTION = "群主指南资料"


def original(index_model):
    """The index page the migrations made: the Chinese original, not its English alias or translation."""
    return index_model.objects.get(locale=Locale.get_default())


def _in(days=0, hours=0, minutes=0):
    return timezone.now() + timedelta(days=days, hours=hours, minutes=minutes)


def session(starts_in=timedelta(days=7), **fields):
    """A course session starting `starts_in` from now (a negative delta is in the past)."""
    return CourseSession(starts_at=timezone.now() + starts_in, **fields)


def question(label, field_type="singleline", required=True, **fields):
    """A question an editor adds to a recruitment call (Wagtail form-builder field)."""
    return CallQuestion(label=label, field_type=field_type, required=required, **fields)


class PublishedPageFactory(wagtail_factories.PageFactory):
    publish = True

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("publish", None)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        publish = kwargs.pop("publish")
        instance = model_class(**kwargs, live=publish)
        parent.add_child(instance=instance)
        revision = instance.save_revision()
        if publish:
            revision.publish()
        return model_class.objects.get(pk=instance.pk)


class CoursePageFactory(PublishedPageFactory):
    parent = factory.LazyFunction(lambda: original(CourseIndexPage))
    title = factory.Sequence(lambda n: f"课程{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "从零开始的一门课。"
    lecturer_name = "李老师"
    level = CoursePage.Level.BEGINNER
    mode = CoursePage.Mode.ONLINE
    capacity = 30
    sessions = factory.LazyFunction(lambda: [session()])

    class Meta:
        model = CoursePage


class RecruitmentCallPageFactory(PublishedPageFactory):
    parent = factory.LazyFunction(lambda: original(RecruitmentIndexPage))
    title = factory.Sequence(lambda n: f"招募{n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    role = RecruitmentCallPage.Role.LEADER
    summary = "我们在找新的群主。"
    requirements = "<p>热心、靠谱。</p>"
    benefits = "<p>群主指南和培训。</p>"
    quota = 10
    opens_at = factory.LazyFunction(lambda: _in(days=-1))
    closes_at = factory.LazyFunction(lambda: _in(days=14))
    questions = factory.LazyFunction(list)

    class Meta:
        model = RecruitmentCallPage


class ShowcasePageFactory(PublishedPageFactory):
    parent = factory.LazyFunction(lambda: original(ShowcaseIndexPage))
    title = factory.Sequence(lambda n: f"晒图{n}")
    slug = factory.Sequence(lambda n: f"showcase-{n}")
    theme = "我的周末"
    rules = "<p>每人可投多件作品。</p>"
    submissions_open = factory.LazyFunction(lambda: _in(days=-1))
    submissions_close = factory.LazyFunction(lambda: _in(days=7))
    voting_open = factory.LazyFunction(lambda: _in(days=-1))
    voting_close = factory.LazyFunction(lambda: _in(days=14))
    moderate_entries = True

    class Meta:
        model = ShowcasePage


class LeaderGuidePageFactory(PublishedPageFactory):
    parent = factory.LazyFunction(lambda: original(LeaderGuideIndexPage))
    title = factory.Sequence(lambda n: f"群主手册{n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    category = "founding"
    summary = "建群第一周要做的事。"

    class Meta:
        model = LeaderGuidePage


class FeaturedGroupPageFactory(PublishedPageFactory):
    parent = factory.LazyFunction(lambda: original(FeaturedGroupIndexPage))
    title = factory.Sequence(lambda n: f"精选社群{n}")
    slug = factory.Sequence(lambda n: f"featured-{n}")
    group = factory.SubFactory(CommunityGroupFactory, stage=CommunityGroup.Stage.CORE)
    headline = "一个把读书会办了五年的社群。"
    story = "<p>他们每周都见面。</p>"

    class Meta:
        model = FeaturedGroupPage


class EntryFactory(DjangoModelFactory):
    """A live entry by default; its post_save signal awards showcase_entry like an approval in the admin would."""

    showcase = factory.LazyFunction(lambda: ShowcasePageFactory())
    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"作品{n}")
    story = "在公园里拍的。"
    status = Entry.Status.APPROVED

    class Meta:
        model = Entry


class GuideDocumentFactory(wagtail_factories.DocumentFactory):
    """A downloadable template in the leader guides' restricted collection."""

    title = factory.Sequence(lambda n: f"模板{n}")
    collection = factory.LazyFunction(lambda: Collection.objects.get(name=GUIDE_COLLECTION))
    file = factory.django.FileField(filename="group-rules-template.txt", data=b"LEADERS-ONLY-TEMPLATE")

    class Meta:
        model = get_document_model()
