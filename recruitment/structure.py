"""The /recruitment/ directory page for calls to leaders, lecturers, seed users and volunteers."""

from website.core.site_setup import add_index_page, step

from .models import RecruitmentIndexPage


@step(700)
def directory(using):
    add_index_page(
        RecruitmentIndexPage,
        using,
        title="招募",
        slug="recruitment",
        show_in_menus=True,
        intro="我们在招募社群领袖、讲师、种子用户和志愿者。看看有没有适合你的位置。",
    )
