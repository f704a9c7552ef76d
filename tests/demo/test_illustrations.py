"""The demo's illustrations: each subject has its own drawing, drawings are repeatable and light, and reruns of
``load_demo_data`` redraw outdated demo art in place instead of piling up images."""

import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image, ImageChops, ImageStat
from wagtail.images import get_image_model

from portal.accounts.models import User
from portal.groups.models import CommunityGroup, Topic
from website.demo import content as demo_content
from website.demo import illustrations
from website.demo.core import Artwork, avatar_artwork, file_signature, refresh_file, wagtail_image
from website.demo.groups import GROUPS

CARD = (400, 300)


def _decode(image_file):
    image_file.seek(0)
    return Image.open(io.BytesIO(image_file.read()))


def _legacy_jpeg(size):
    """Art as earlier demo versions wrote it: a plain JPEG with no signature."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()


# Subjects ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_topic_has_its_own_scene():
    slugs = list(Topic.objects.values_list("slug", flat=True))
    assert slugs, "the topics migration should have created the default topics"
    generic = [slug for slug in slugs if illustrations.scene_for(topic=slug) == illustrations.GENERIC]
    assert generic == []


def _demo_subjects():
    yield from ((name, topic) for _slug, name, topic, *_rest in GROUPS)
    yield from ((title, topic) for _slug, title, _s, _l, _m, topic, *_rest in demo_content.COURSES)
    yield from ((title, "") for _slug, title, *_rest in demo_content.SHOWCASES)


@pytest.mark.parametrize(("subject", "topic"), list(_demo_subjects()))
def test_every_demo_title_gets_a_scene_of_its_own(subject, topic):
    assert illustrations.scene_for(subject, topic) != illustrations.GENERIC


@pytest.mark.parametrize(
    ("subject", "topic", "scene"),
    [
        ("零基础欧包：从养酵种开始", "baking", "bread"),
        ("北京香山晨跑团", "sports", "running"),
        ("杭州西湖骑行俱乐部", "sports", "cycling"),
        ("上海老电影放映会", "film", "film"),
        ("重庆山城读书会", "reading", "reading"),
        ("深圳胶片摄影实验室", "photography", "photography"),
        ("南京城墙徒步队", "outdoor", "outdoor"),
        ("武汉吉他弹唱角", "music", "music"),
        ("广州茶与书法", "crafts", "calligraphy"),
        ("西安流浪猫守护者", "pets", "cat"),
        ("群主训练营：第一个月", "local", "leader"),
        ("首页横幅：周末的手作市集", "", "market"),
        ("Language exchange evening", "", "language"),
        ("Board game night", "", "board-games"),
        ("Coffee tasting", "", "coffee"),
        ("Community garden plants", "", "plants"),
        ("seedling", "", "seedling"),
        ("Something nobody planned for", "", illustrations.GENERIC),
    ],
)
def test_titles_map_to_the_subject_they_name(subject, topic, scene):
    assert illustrations.scene_for(subject, topic) == scene


# Drawings ------------------------------------------------------------------------------------------------------


def test_a_drawing_is_the_same_for_the_same_seed_and_varies_with_it():
    first = illustrations.draw("bread", 3, CARD)
    assert first.tobytes() == illustrations.draw("bread", 3, CARD).tobytes()
    assert first.tobytes() != illustrations.draw("bread", 4, CARD).tobytes()
    assert illustrations.avatar(5, 64).tobytes() == illustrations.avatar(5, 64).tobytes()


def test_distinct_subjects_look_different():
    """Every pair of scenes differs visibly at card size, so no two topics share a picture in all but name."""
    drawn = {name: illustrations.draw(name, 1, CARD) for name in illustrations.SCENES}
    too_close = []
    for (a, image_a), (b, image_b) in itertools.combinations(drawn.items(), 2):
        difference = sum(ImageStat.Stat(ImageChops.difference(image_a, image_b)).mean) / 3
        if difference < 6:
            too_close.append((a, b, round(difference, 1)))
    assert too_close == []


@pytest.mark.parametrize(
    ("subject", "size", "budget"),
    [("market", (1200, 800), 140_000), ("bread", (1200, 800), 80_000), ("tree", (800, 600), 50_000)],
)
def test_files_are_progressive_jpegs_within_budget(subject, size, budget):
    artwork = Artwork(subject, seed=1, size=size)
    image_file = artwork.file("art.jpg")
    assert image_file.size <= budget
    image = _decode(image_file)
    assert (image.format, image.size) == ("JPEG", size)
    assert image.info.get("progressive") or image.info.get("progression")
    assert image.info["comment"].decode() == artwork.signature
    assert image.size[0] <= 1600


# Redrawing outdated demo art -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_wagtail_image_redraws_legacy_art_in_place():
    Image_ = get_image_model()
    legacy_file = ContentFile(_legacy_jpeg((1200, 800)), "demo-500.jpg")
    legacy = Image_.objects.create(title="课程封面：零基础欧包", file=legacy_file)
    old_name = legacy.file.name

    image = wagtail_image("课程封面：零基础欧包", seed=500)

    assert image.pk == legacy.pk
    assert Image_.objects.count() == 1
    assert file_signature(image.file)[0] == Artwork("课程封面：零基础欧包", 500).signature
    assert "bread" in image.file.name
    assert not image.file.storage.exists(old_name)
    image.refresh_from_db()
    assert image.file_size == image.file.size and len(image.file_hash) == 40
    # Nothing changed since: the same file is kept.
    assert wagtail_image("课程封面：零基础欧包", seed=500).file.name == image.file.name


@pytest.mark.django_db
def test_wagtail_image_leaves_an_editors_replacement_alone():
    Image_ = get_image_model()
    own_photo = ContentFile(_legacy_jpeg((1600, 900)), "market.jpg")
    replaced = Image_.objects.create(title="首页横幅：周末的手作市集", file=own_photo)
    assert wagtail_image("首页横幅：周末的手作市集", seed=7, subject="market").file.name == replaced.file.name


@pytest.mark.django_db
def test_avatars_redraw_legacy_demo_portraits_but_not_members_photos():
    legacy = User.objects.create(email="legacy@example.com")
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (10, 20, 30)).save(buffer, format="PNG")
    legacy.avatar.save("demo-0.png", ContentFile(buffer.getvalue()))
    own = User.objects.create(email="own@example.com")
    own.avatar.save("me.jpg", ContentFile(_legacy_jpeg((256, 256))))
    own_name = own.avatar.name

    assert refresh_file(legacy, "avatar", avatar_artwork(5), "avatar.jpg", legacy_format="PNG")
    assert not refresh_file(own, "avatar", avatar_artwork(5), "avatar.jpg", legacy_format="PNG")

    assert file_signature(legacy.avatar)[0] == avatar_artwork(5).signature
    assert own.avatar.name == own_name
    assert not refresh_file(legacy, "avatar", avatar_artwork(5), "avatar.jpg", legacy_format="PNG")


@pytest.mark.django_db
def test_load_demo_data_reports_each_step_and_twice_keeps_one_image_per_subject():
    output = io.StringIO()
    call_command("load_demo_data", allow_production=True, stdout=output)
    lines = output.getvalue().splitlines()
    assert {"Demo: members…", "Demo: groups…", "Demo: activities…", "Demo: search index…"} <= set(lines)
    Image_ = get_image_model()
    images = dict(Image_.objects.values_list("title", "file"))
    covers = dict(CommunityGroup.objects.values_list("slug", "cover"))
    assert len(images) == Image_.objects.count()
    assert file_signature(Image_.objects.get(title="首页横幅：周末的手作市集").file)[0].split("/")[2] == "market"
    assert file_signature(CommunityGroup.objects.get(slug="bj-xiangshan-run").cover)[0].split("/")[2] == "running"

    call_command("load_demo_data", allow_production=True, stdout=io.StringIO())

    assert dict(Image_.objects.values_list("title", "file")) == images
    assert dict(CommunityGroup.objects.values_list("slug", "cover")) == covers
