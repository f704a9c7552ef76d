"""Flat illustrations for the demo site, drawn in code so the repository ships no photographs and needs no credits.

Each scene is a function ``scene(canvas, rng)`` that paints one subject (bread, running, film...) in the site's own
palette (the tokens in ``static/css/site.css``): flat shapes, a soft shadow under what stands on the ground or the
table, a warm background. Scenes are composed in units of ``canvas.u`` (a hundredth of the shorter side) around the
centre, so one scene fits a 3:2 cover, a 2:1 group banner, a 4:3 card and a square entry alike, and a centre crop
keeps the subject. The seed only varies colours and arrangement; the subject never changes, so an image can be
redrawn identically (``illustration_for(subject, seed, size)``) and compared with the one on disk.

Drawing happens at two or three times the final size and is downsampled with Lanczos, which anti-aliases every edge
without per-shape smoothing. The colours are in ``palette``, the canvas and shared backgrounds in ``canvas``, the
scenes in ``scenes_*`` by theme; this module keeps the catalogue and its lookups.
"""

import random

from .canvas import Canvas
from .palette import APRICOT_100, APRICOT_300, SKY, TEAL_100, TEAL_200
from .scenes_culture import film, music, photography, picture_books, reading
from .scenes_food import bread, coffee, market
from .scenes_garden import sapling, seedling, tree
from .scenes_hobbies import boardgames, calligraphy, cat, handmade, plants
from .scenes_people import bust, community, language, leader, neighbourhood
from .scenes_sport import cycling, outdoor, running

#: Bump when any scene's drawing changes, so ``load_demo_data`` redraws the images of existing demo databases.
VERSION = 3

# The catalogue and its lookups -----------------------------------------------------------------------------------

SCENES = {
    "bread": bread,
    "running": running,
    "cycling": cycling,
    "film": film,
    "reading": reading,
    "picture-books": picture_books,
    "photography": photography,
    "outdoor": outdoor,
    "board-games": boardgames,
    "music": music,
    "plants": plants,
    "coffee": coffee,
    "language": language,
    "community": community,
    "market": market,
    "handmade": handmade,
    "calligraphy": calligraphy,
    "cat": cat,
    "neighbourhood": neighbourhood,
    "seedling": seedling,
    "sapling": sapling,
    "tree": tree,
    "leader": leader,
}


#: Topic slugs (portal.groups Topic) to scenes.
TOPIC_SCENES = {
    "baking": "bread",
    "film": "film",
    "sports": "running",
    "reading": "reading",
    "parenting": "picture-books",
    "outdoor": "outdoor",
    "crafts": "handmade",
    "music": "music",
    "photography": "photography",
    "career": "reading",
    "pets": "cat",
    "local": "neighbourhood",
    "gardening": "plants",
    "coffee": "coffee",
    "language": "language",
    "volunteering": "community",
    "boardgames": "board-games",
}


#: Words in a title that name a subject, checked in order (more specific first) before the topic.
KEYWORDS = [
    (("手作市集", "市集", "集市", "market", "craft fair"), "market"),
    (("新社群", "起步", "seedling", "new group"), "seedling"),
    (("成长", "growing", "sapling"), "sapling"),
    (("核心社群", "core group", "mature"), "tree"),
    (("群主", "领袖", "讲师", "达人", "徽章", "leader", "guide", "mentor", "lecturer", "badge"), "leader"),
    (("书法", "临帖", "茶", "calligraphy", "tea"), "calligraphy"),
    (("骑行", "单车", "自行车", "cycling", "bike", "bicycle"), "cycling"),
    (("欧包", "面包", "吐司", "可颂", "馒头", "烘焙", "酵种", "bread", "baking", "croissant", "sourdough"), "bread"),
    (("跑", "马拉松", "running", "marathon", "jog"), "running"),
    (("电影", "影评", "放映", "film", "movie", "cinema"), "film"),
    (("绘本", "亲子", "picture book", "parent"), "picture-books"),
    (("摄影", "拍", "胶片", "构图", "photo", "camera"), "photography"),
    (("街角", "巷口", "路灯", "老街", "街坊", "邻里", "早市", "光斑", "street", "neighbour"), "neighbourhood"),
    (("读书", "共读", "夜读", "书", "reading", "book"), "reading"),
    (("徒步", "登山", "露营", "城墙", "hiking", "outdoor", "trail"), "outdoor"),
    (("桌游", "board game", "dice"), "board-games"),
    (("吉他", "弹唱", "音乐", "合唱", "guitar", "music", "song"), "music"),
    (("植物", "园艺", "花园", "多肉", "plant", "garden"), "plants"),
    (("咖啡", "coffee", "latte"), "coffee"),
    (("语言", "外语", "英语", "口语", "language", "conversation"), "language"),
    (("猫", "狗", "宠物", "cat", "dog", "pet"), "cat"),
    (("手工", "编织", "陶艺", "手作", "帆布袋", "craft", "handmade", "knit", "tote"), "handmade"),
    (("志愿", "公益", "见面会", "volunteer", "community", "meetup"), "community"),
]


GENERIC = "community"


def scene_for(subject="", topic=""):
    """The scene name for a subject: a scene name, then words in the text, then the topic slug, else the generic one.

    ``subject`` is usually a title (``"零基础欧包：从养酵种开始"``) or a scene name; ``topic`` a Topic slug.
    """
    text = (subject or "").strip().lower()
    if text in SCENES:
        return text
    for words, scene in KEYWORDS:
        if any(word in text for word in words):
            return scene
    if topic in TOPIC_SCENES:
        return TOPIC_SCENES[topic]
    if topic in SCENES:
        return topic
    return GENERIC


def draw(scene, seed, size):
    """Draw scene ``scene`` (a key of ``SCENES``) at ``size``; the same arguments always give the same pixels."""
    canvas = Canvas(size, seed=seed)
    SCENES[scene](canvas, random.Random(f"{scene}:{seed}"))
    return canvas.finish()


def illustration_for(subject="", seed=0, size=(1200, 800), topic=""):
    """The illustration for a title or scene name (and optionally a topic slug): a PIL image, deterministic for
    ``seed``."""
    return draw(scene_for(subject, topic), seed, size)


def avatar(seed, size=256):
    """A flat head-and-shoulders portrait on a coloured disc; no initials, so it reads as a picture, not a name."""
    rng = random.Random(f"avatar:{seed}")
    canvas = Canvas((size, size), scale=3)
    backdrop = rng.choice([TEAL_100, APRICOT_100, TEAL_200, APRICOT_300, SKY, (232, 226, 246)])
    canvas.image.paste(backdrop, (0, 0, *canvas.image.size))
    u = canvas.u
    bust(canvas, 50 * u, 104 * u, 2.2 * u, rng)
    return canvas.finish()
