"""Point rules for showcases (an approved entry, votes paid when voting closes, an editors' pick) and the
/showcases/ directory page for themed showcases and weekly assignments."""

from portal.points.structure import ensure_rules
from website.core.site_setup import add_index_page, step

from .models import ShowcaseIndexPage

RULES = [
    ("showcase_entry", "作品上线", 10, 3, "投稿通过审核上线，每天最多 3 次"),
    (
        "showcase_vote_received",
        "作品获得点赞",
        1,
        None,
        "投票结束后按最终票数结算：每个赞 1 分，每件作品最多计 20 个赞",
    ),
    ("showcase_picked", "作品入选编辑精选", 100, None, "作品被编辑选为精选"),
]


@step(800)
def rules_and_directory(using):
    ensure_rules(RULES, using, start=30)
    add_index_page(
        ShowcaseIndexPage,
        using,
        title="作品展",
        slug="showcases",
        show_in_menus=True,
        intro="晒出你的作品，讲讲背后的故事。点赞最多的作品和编辑精选都有奖。",
    )
