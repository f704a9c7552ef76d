"""Board benchmark: 100 groups, 1,000,000 posts and 5,000,000 comments on PostgreSQL; prints how fast the board's
first page, a deep page (50,000 posts down), the 精华 tab and a post's 200 comments are, warm (after a first run),
median and 95th percentile, plus EXPLAIN (ANALYZE, BUFFERS) of the board pages. Speed is printed, never asserted;
the plans must use the keyset index (``board_post_group_keyset``), or the deep page would grow with its depth.

Run it on PostgreSQL (the data is built with generate_series, so it needs PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench PYTEST_ARGS="-k board_bench --reuse-db"

The data is generated in SQL (INSERT ... SELECT generate_series, in batches, foreign-key triggers skipped as the
points bench does), then VACUUM ANALYZE: about five minutes, 1.6 GB. With ``--reuse-db`` it stays in the test
database and the next run reuses it (a marker on the first group says it is complete); without, it is removed at the
end. Keep ``-k board_bench`` while it is kept: the other benches ask for serialized rollback, which would first copy
the whole test database into memory, and they flush it when they finish. BENCH_RUNS sets how many warm runs each
figure is the median of (50); BENCH_POSTS shrinks the data for a quick look at the code.
"""

import os
import re
import statistics
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.board import listing
from portal.board.models import BoardTag, Comment, CommentLike, Post, PostLike
from portal.board.services.common import viewer_for
from portal.groups.models import CommunityGroup, Membership, Topic

pytestmark = [
    pytest.mark.bench,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the data is generated with PostgreSQL's SQL"),
]

GROUPS = 100
USERS = 5_000
POSTS = int(os.environ.get("BENCH_POSTS", "1000000"))
COMMENTS_PER_POST = 11  # comment_count = h % 11: 5 on average, 5,000,000 in all
LONG_THREAD = 200  # comments on the post whose page is measured
DEEP = min(50_000, POSTS // 10)  # the deep page starts below this many posts of the big group
BATCH = 100_000  # posts per INSERT (and the posts whose comments one INSERT writes)
RUNS = int(os.environ.get("BENCH_RUNS", "50"))
MARKER = f"board bench data v1: {POSTS} posts, complete"
PREFIX = "board-bench-"
# A multiplier coprime with POSTS: n -> n * K % POSTS is a permutation, spreading consecutive posts over the groups.
K = 2654435761


def group_size(index):
    """Members per group, within the site's cap of 100: the big groups full, the tail down to 20."""
    return max(20, min(100, 1000 // (index + 1)))


def post_shares():
    """Posts per group, skewed like real boards (Zipf): the first group has about a fifth of all posts."""
    weights = [1 / (index + 1) for index in range(GROUPS)]
    shares = [int(POSTS * weight / sum(weights)) for weight in weights]
    shares[0] += POSTS - sum(shares)
    return shares


# --- building the data ----------------------------------------------------------------------------------------------


SUMMARY = []


def say(text):
    """Print a figure now and again in the summary at the end."""
    SUMMARY.append(text)
    print(text, flush=True)


def _sql(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _batch(sql, params):
    """One INSERT in its own transaction, with the per-row foreign-key triggers off when the role may."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                _sql("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass
        _sql(sql, params)


def _temp_table(name, columns, rows):
    """A lookup table for the generating SQL (groups, members and tags by number), for this session only."""
    _sql(f"CREATE TEMP TABLE {name} ({columns})")
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {name} VALUES (%s, %s, %s)", rows)  # noqa: S608 - names written here


def build_people():
    """Users, groups, memberships and tags through the ORM (small), and temporary lookup tables for the SQL."""
    now = timezone.now()
    topic = Topic.objects.create(name="板块基准话题", slug="board-bench-topic")
    User.objects.bulk_create(
        User(email=f"boardbench{i}@example.com", display_name=f"板友{i}", password="!", date_joined=now)
        for i in range(USERS)
    )
    users = list(User.objects.filter(email__startswith="boardbench").order_by("pk").values_list("pk", flat=True))
    alike = {"topic": topic, "city": "杭州", "summary": "基准数据", "join_policy": "open", "capacity": 100}
    groups = CommunityGroup.objects.bulk_create(
        CommunityGroup(name=f"板块基准社群{i}", slug=f"{PREFIX}{i}", member_count=group_size(i), **alike)
        for i in range(GROUPS)
    )
    members = [(i, k, users[(i * 50 + k) % USERS]) for i in range(GROUPS) for k in range(group_size(i))]
    Membership.objects.bulk_create(
        Membership(group=groups[i], member_id=user, role="leader" if k == 0 else "member") for i, k, user in members
    )
    tags = BoardTag.objects.bulk_create(
        BoardTag(group=group, name=name, sort_order=k)
        for group in groups
        for k, name in enumerate(("练习记录", "提问", "分享", "活动"))
    )
    shares = post_shares()
    bounds = [sum(shares[:i]) for i in range(GROUPS)]
    pairs = "idx int, k int, PRIMARY KEY (idx, k)"
    _temp_table("bench_alloc", "idx int PRIMARY KEY, group_id bigint, size int", [
        (i + 1, group.pk, group_size(i)) for i, group in enumerate(groups)
    ])  # fmt: skip
    _temp_table("bench_members", f"{pairs}, user_id bigint", [(i + 1, k, user) for i, k, user in members])
    _temp_table("bench_tags", f"{pairs}, tag_id bigint", [(n // 4 + 1, n % 4, tag.pk) for n, tag in enumerate(tags)])
    return bounds


POST_SQL = """
INSERT INTO board_post (group_id, author_id, kind, tag_id, title, body, excerpt, created_at, edited_at, pinned_at,
                        featured_at, comments_locked, hidden_at, hidden_reason, deleted_at, comment_count,
                        like_count, last_comment_at)
SELECT a.group_id, m.user_id, 'post', t.tag_id,
       CASE WHEN s.h %% 3 = 0 THEN '' ELSE '练习记录第' || s.n || '篇' END,
       '<p>今天练了' || (s.h %% 90 + 10) || '分钟，先慢后快，注意呼吸。第' || s.n || '篇。</p>',
       '今天练了' || (s.h %% 90 + 10) || '分钟，先慢后快，注意呼吸。第' || s.n || '篇。',
       s.at, NULL, NULL,
       CASE WHEN s.h %% 500 = 0 THEN s.at + interval '1 day' END,
       s.h %% 400 = 1,
       CASE WHEN s.h %% 1000 = 7 THEN s.at + interval '2 hours' END,
       CASE WHEN s.h %% 1000 = 7 THEN '与主题无关的广告' ELSE '' END,
       CASE WHEN s.h %% 1000 = 13 THEN s.at + interval '1 hour' END,
       s.h %% %(per_post)s,
       CASE WHEN s.n %% 10 = 0 THEN 1 + s.h %% 6 ELSE 0 END,
       CASE WHEN s.h %% %(per_post)s > 0 THEN s.at + (s.h %% %(per_post)s) * interval '7 minutes' END
FROM (
    SELECT n, h, %(start)s::timestamptz + (n::float8 / %(posts)s) * interval '365 days'
                 + (h %% 60000) * interval '1 millisecond' AS at
    FROM (SELECT n, (n::bigint * %(k)s) %% %(posts)s AS h FROM generate_series(%(lo)s, %(hi)s - 1) AS n) AS p
) AS s
JOIN bench_alloc a ON a.idx = width_bucket(s.h, %(bounds)s::bigint[])
JOIN bench_members m ON m.idx = a.idx AND m.k = s.n %% a.size
LEFT JOIN bench_tags t ON t.idx = a.idx AND t.k = s.n %% 5
ORDER BY s.n
"""

LIKE_SQL = """
INSERT INTO board_postlike (post_id, member_id, active, created_at)
SELECT o.id, m.user_id, true, o.created_at + j * interval '3 minutes'
FROM bench_offsets o CROSS JOIN LATERAL generate_series(1, o.like_count) AS j
JOIN bench_members m ON m.idx = o.idx AND m.k = (o.id + j) %% o.size
WHERE o.id >= %(lo)s AND o.id < %(hi)s AND o.like_count > 0
"""

# Explicit ids (base + comments of the posts before + c), so a reply (every fourth) can name its parent, three up.
COMMENT_SQL = """
INSERT INTO board_comment (id, post_id, author_id, parent_id, body, created_at, hidden_at, hidden_reason,
                           deleted_at, like_count)
SELECT %(base)s + o.before + c, o.id, m.user_id,
       CASE WHEN c %% 4 = 0 THEN %(base)s + o.before + c - 3 END,
       '同意！我也试了第' || c || '次，感觉好多了。',
       o.created_at + c * interval '7 minutes',
       CASE WHEN (o.before + c) %% 2000 = 3 THEN o.created_at + c * interval '7 minutes' + interval '1 hour' END,
       CASE WHEN (o.before + c) %% 2000 = 3 THEN '人身攻击' ELSE '' END,
       CASE WHEN (o.before + c) %% 2000 = 5 THEN o.created_at + c * interval '8 minutes' END,
       CASE WHEN (o.before + c) %% 50 = 0 THEN 1 ELSE 0 END
FROM bench_offsets o CROSS JOIN LATERAL generate_series(1, o.comment_count) AS c
JOIN bench_members m ON m.idx = o.idx AND m.k = (o.id + c * 7) %% o.size
WHERE o.id >= %(lo)s AND o.id < %(hi)s
"""

COMMENT_LIKE_SQL = """
INSERT INTO board_commentlike (comment_id, member_id, active, created_at)
SELECT c.id, m.user_id, true, c.created_at + interval '5 minutes'
FROM board_comment c JOIN bench_offsets o ON o.id = c.post_id
JOIN bench_members m ON m.idx = o.idx AND m.k = (c.id * 13) %% o.size
WHERE c.post_id >= %(lo)s AND c.post_id < %(hi)s AND c.like_count > 0
"""


def build_board(bounds):
    start = timezone.now() - timedelta(days=366)
    params = {"per_post": COMMENTS_PER_POST, "posts": POSTS, "k": K, "bounds": bounds, "start": start}
    started = time.perf_counter()
    for lo in range(0, POSTS, BATCH):
        _batch(POST_SQL, {**params, "lo": lo, "hi": min(lo + BATCH, POSTS)})
    say(f"build: {POSTS:,} posts in {time.perf_counter() - started:.0f} s")
    # The post pages measured: ten long threads, the fifth newest post shown in each of the ten biggest groups.
    _sql(
        f"""UPDATE board_post SET comment_count = {LONG_THREAD},
                   last_comment_at = created_at + {LONG_THREAD} * interval '7 minutes'
            WHERE id IN (SELECT id FROM bench_alloc a CROSS JOIN LATERAL (
                SELECT id FROM board_post p WHERE p.group_id = a.group_id AND p.deleted_at IS NULL
                AND p.hidden_at IS NULL ORDER BY created_at DESC, id DESC OFFSET 4 LIMIT 1) AS p WHERE a.idx <= 10)"""  # noqa: S608
    )
    # Three pinned posts per group, from the first page, the second and far down.
    _sql(
        """UPDATE board_post SET pinned_at = created_at + interval '1 day'
           WHERE id IN (SELECT id FROM bench_alloc a CROSS JOIN LATERAL (
               SELECT id, row_number() OVER (ORDER BY created_at DESC, id DESC) AS r FROM (
                   SELECT id, created_at FROM board_post p WHERE p.group_id = a.group_id AND p.deleted_at IS NULL
                   AND p.hidden_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1000) AS recent) AS p
               WHERE r IN (3, 30, 1000))"""
    )
    _sql(
        """CREATE TEMP TABLE bench_offsets AS
           SELECT p.id, p.created_at, p.comment_count, p.like_count, a.idx, a.size,
                  sum(p.comment_count) OVER (ORDER BY p.id) - p.comment_count AS before
           FROM board_post p JOIN bench_alloc a ON a.group_id = p.group_id"""
    )
    _sql("CREATE UNIQUE INDEX ON bench_offsets (id)")
    base = _sql("SELECT COALESCE(max(id), 0) FROM board_comment")[0][0]
    first, last = _sql("SELECT min(id), max(id) + 1 FROM bench_offsets")[0]
    started = time.perf_counter()
    for lo in range(first, last, BATCH):
        span = {"base": base, "lo": lo, "hi": lo + BATCH}
        _batch(LIKE_SQL, span)
        _batch(COMMENT_SQL, span)
        _batch(COMMENT_LIKE_SQL, span)
    _sql("SELECT setval(pg_get_serial_sequence('board_comment', 'id'), (SELECT max(id) FROM board_comment))")
    say(f"build: comments and likes in {time.perf_counter() - started:.0f} s")
    for model in (Post, Comment, PostLike, CommentLike, Membership, User, CommunityGroup, BoardTag):
        _sql(f"VACUUM ANALYZE {model._meta.db_table}")


def drop_data():
    """The test database's board tables hold only this bench's rows: truncate them, then the people and groups."""
    _sql("TRUNCATE board_post, board_boardtag CASCADE")
    Membership.objects.filter(group__slug__startswith=PREFIX).delete()
    CommunityGroup.objects.filter(slug__startswith=PREFIX).delete()
    User.objects.filter(email__startswith="boardbench").delete()
    Topic.objects.filter(slug="board-bench-topic").delete()
    for table in ("bench_alloc", "bench_members", "bench_tags", "bench_offsets"):
        _sql(f"DROP TABLE IF EXISTS {table}")


def table_sizes():
    tables = [model._meta.db_table for model in (Post, Comment, PostLike, CommentLike)]
    rows = _sql(
        "SELECT relname, pg_total_relation_size(oid), pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)",
        [tables],
    )
    database = _sql("SELECT pg_database_size(current_database())")[0][0]
    parts = ", ".join(f"{name} {total / 2**20:,.0f} MB ({table / 2**20:,.0f} MB table)" for name, total, table in rows)
    return f"{parts}; whole database {database / 2**20:,.0f} MB"


@pytest.fixture(scope="module")
def board_data(request, django_db_setup, django_db_blocker):
    """The data, committed outside the test's transaction: built once, reused with --reuse-db (see the docstring)."""
    with django_db_blocker.unblock():
        if CommunityGroup.objects.filter(slug=f"{PREFIX}0", summary=MARKER).exists():
            say("reusing the board data already in the test database (marker found)")
        else:
            drop_data()  # a build interrupted half-way
            started = time.perf_counter()
            build_board(build_people())
            CommunityGroup.objects.filter(slug=f"{PREFIX}0").update(summary=MARKER)
            say(f"built in {time.perf_counter() - started:.0f} s")
        say(
            f"data: {Post.objects.count():,} posts, {Comment.objects.count():,} comments, "
            f"{PostLike.objects.count():,} post likes, {CommentLike.objects.count():,} comment likes"
        )
        say(f"disk: {table_sizes()}")
        yield
        if not request.config.getoption("reuse_db"):
            drop_data()


# --- the benchmark --------------------------------------------------------------------------------------------------


def warm(function, runs=RUNS):
    """Wall-clock median and 95th percentile in ms of ``runs`` calls, after one call that warms the caches, as
    text with this process's CPU time (median): on a busy machine the wall clock also counts waiting for a core."""
    function()
    timings, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        function()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return f"median {statistics.median(timings):7.2f} ms  p95 {p95:7.2f} ms  (CPU {statistics.median(cpu):6.2f} ms)"


class Board:
    """The queries portal/board/views/posts.py runs for one member (listing.py and the querysets it builds on)."""

    def __init__(self, group, user):
        self.group, self.user = group, user
        self.viewer = viewer_for(group, user)

    def posts(self):
        return listing.board_posts(self.group, self.viewer)

    def listed(self):
        """The board's list leaves the pinned posts out: they lead the first page instead."""
        return self.posts().filter(pinned_at__isnull=True)

    def page(self, cursor=None):
        page = listing.keyset_page(self.listed(), cursor)
        assert len(page.posts) == listing.PAGE_SIZE and page.has_next
        return page

    def board_page(self, cursor=None):
        """The view's queries: the group's tags, the pinned posts (first page only) and the keyset page."""
        tags = list(BoardTag.objects.filter(group=self.group))
        pinned = [] if cursor else list(self.posts().filter(pinned_at__isnull=False).order_by("-pinned_at")[:3])
        return tags, pinned, self.page(cursor)

    def featured(self):
        """The 精华 tab: a Paginator's first page, the most recently marked first (a COUNT and the rows)."""
        posts = self.posts().filter(featured_at__isnull=False).order_by("-featured_at", "-pk")
        page = Paginator(posts, listing.PAGE_SIZE).get_page(1)
        return list(page.object_list)

    def comments(self, post_pk):
        """The post page: the post, every comment with its author (the template shows hidden and deleted ones as
        such), whether the member liked the post and which comments."""
        post = self.posts().select_related("group").get(pk=post_pk)
        comments = list(post.comments.select_related("author").order_by("created_at", "id"))
        liked_post = PostLike.objects.filter(post=post, member=self.user, active=True).exists()
        liked = set(
            CommentLike.objects.filter(comment__post=post, member=self.user, active=True).values_list(
                "comment_id", flat=True
            )
        )
        return post, comments, liked_post, liked


def recorder(statements):
    """An execute wrapper that keeps each statement and its parameters."""

    def record(run, sql, params, many, context):
        statements.append((sql, params))
        return run(sql, params, many, context)

    return record


def explained(function):
    """EXPLAIN (ANALYZE, BUFFERS) of each statement ``function`` runs, exactly as it runs them."""
    statements = []
    with connection.execute_wrapper(recorder(statements)):
        function()
    plans = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def measure_views(board, deep_cursor, thread_pk):
    """The whole request through the test client, as a signed-in member: first page, deep page, a long thread."""
    client = Client()
    client.force_login(board.user)
    slug = board.group.slug
    first = reverse("board:index", kwargs={"slug": slug})
    response = client.get(first)
    if response.status_code != 200:
        say(f"views: {first} answered {response.status_code}; not measured")
        return
    # The next page's link names the cursor's parameter ("before" today).
    found = re.search(r"[?&;]([\w-]+)=" + re.escape(board.page().next_cursor), response.text)
    param = found.group(1) if found else "before"
    urls = [
        ("view: board first page", first),
        (f"view: deep page (?{param}= at post {DEEP:,})", f"{first}?{param}={deep_cursor}"),
        ("view: 精华 tab", reverse("board:featured", kwargs={"slug": slug})),
        (f"view: post page, {LONG_THREAD} comments", reverse("board:post", kwargs={"slug": slug, "pk": thread_pk})),
    ]
    for label, url in urls:
        queries = []
        with connection.execute_wrapper(recorder(queries)):
            response = client.get(url)
        assert response.status_code == 200, url
        figure = warm(lambda url=url: client.get(url), runs=max(10, RUNS // 2))
        sql, repeats = Counter(sql for sql, _params in queries).most_common(1)[0]
        say(f"{label:<46} {figure}  {len(queries)} queries")
        if repeats > 1:
            say(f"  run {repeats} times: {sql[:90]}")


def test_board_at_scale(board_data):
    group = CommunityGroup.objects.get(slug=f"{PREFIX}0")
    reader = Membership.objects.filter(group=group, role="member").order_by("member_id")[5].member
    board = Board(group, reader)
    assert not board.viewer.is_moderator
    shown = board.posts().count()
    deep_post = board.listed().order_by("-created_at", "-pk")[DEEP - 1]
    deep_cursor = listing.encode_cursor(deep_post)
    thread_pk = board.posts().filter(comment_count=LONG_THREAD).values_list("pk", flat=True).first()
    say(f"big group: {shown:,} posts shown to a member; deep cursor {deep_cursor}; long thread post {thread_pk}")

    figures = [
        ("SELECT 1: one round trip, for scale", lambda: _sql("SELECT 1")),
        ("keyset_page: first page (20 posts)", lambda: board.page()),
        ("board first page: tags + pinned + keyset page", lambda: board.board_page()),
        (f"keyset_page: deep page (at post {DEEP:,})", lambda: board.page(deep_cursor)),
        ("board deep page: tags + keyset page", lambda: board.board_page(deep_cursor)),
        ("精华 tab: count + first 20", board.featured),
        (f"post page: post + {LONG_THREAD} comments + my likes", lambda: board.comments(thread_pk)),
    ]
    assert len(board.comments(thread_pk)[1]) == LONG_THREAD
    say(f"warm, {RUNS} runs each (goal < 50 ms); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores:")
    for label, function in figures:
        say(f"{label:<46} {warm(function)}")

    measure_views(board, deep_cursor, thread_pk)  # the whole requests, once H1's views answer

    first, deep = explained(board.board_page), explained(lambda: board.board_page(deep_cursor))
    plans = {
        "board first page (tags, pinned, keyset page)": first,
        f"board deep page at post {DEEP:,} (tags, keyset page)": deep,
        "精华 tab (count, first page)": explained(board.featured),
        f"post page (post, {LONG_THREAD} comments, my likes)": explained(lambda: board.comments(thread_pk)),
    }
    for label, texts in plans.items():
        for number, text in enumerate(texts, 1):
            print(f"\nEXPLAIN (ANALYZE, BUFFERS) {label}, statement {number}:\n{text}")
    print("\n".join(["", "--- board bench summary ---", *SUMMARY]))
    for label, text in (("first page", first[-1]), ("deep page", deep[-1])):
        assert "board_post_group_keyset" in text, f"the {label} does not use the keyset index"
