"""Each content factory builds a valid, published page (or record) where the site expects it."""

import pytest

from courses.models import CourseIndexPage
from recruitment.models import RecruitmentIndexPage
from tests.page_factories import (
    GUIDE_COLLECTION,
    CoursePageFactory,
    EntryFactory,
    FeaturedGroupPageFactory,
    GuideDocumentFactory,
    LeaderGuidePageFactory,
    RecruitmentCallPageFactory,
    ShowcasePageFactory,
    question,
    session,
)
from website.featured.models import FeaturedGroupIndexPage
from website.guides.models import LeaderGuideIndexPage
from website.showcases.models import Entry, ShowcaseIndexPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "index_model"),
    [
        (CoursePageFactory, CourseIndexPage),
        (RecruitmentCallPageFactory, RecruitmentIndexPage),
        (ShowcasePageFactory, ShowcaseIndexPage),
        (LeaderGuidePageFactory, LeaderGuideIndexPage),
        (FeaturedGroupPageFactory, FeaturedGroupIndexPage),
    ],
)
def test_page_factories_publish_a_valid_page_under_the_migrations_index(factory, index_model):
    page = factory()

    assert page.live and page.live_revision_id is not None
    assert page.get_parent().specific_class is index_model
    page.full_clean()


def test_a_draft_stays_unpublished():
    page = CoursePageFactory(publish=False)
    assert not page.live and page.latest_revision_id is not None


def test_course_sessions_and_call_questions_are_saved_with_their_page():
    course = CoursePageFactory(sessions=[session(), session()])
    call = RecruitmentCallPageFactory(questions=[question("你好吗？")])
    assert course.sessions.count() == 2 and course.first_session_at is not None
    assert call.questions.get().clean_name


def test_entry_and_document_factories():
    entry = EntryFactory()
    document = GuideDocumentFactory()
    assert entry.status == Entry.Status.APPROVED and entry.showcase.live
    assert document.collection.name == GUIDE_COLLECTION
