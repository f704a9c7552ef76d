"""Default topics and the /groups/ directory page, so every installation starts with a working directory."""

from django.db import migrations

TOPICS = [
    ("baking", "烘焙美食", "烘焙、家常菜、甜点与探店"),
    ("film", "电影", "观影、影评、放映会"),
    ("sports", "运动健身", "跑步、骑行、球类与健身"),
    ("reading", "读书", "读书会、共读与写作"),
    ("parenting", "亲子", "亲子阅读、育儿互助"),
    ("outdoor", "户外", "徒步、露营、登山"),
    ("crafts", "手作", "手工、编织、陶艺"),
    ("music", "音乐", "乐器、合唱、音乐分享"),
    ("photography", "摄影", "街拍、风光、胶片"),
    ("career", "职业成长", "行业交流、技能学习"),
    ("pets", "宠物", "养宠经验、领养与公益"),
    ("local", "同城生活", "街坊邻里、城市探索"),
]


def _base36(number, width=4):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return digits.rjust(width, "0")


def create(apps, schema_editor):
    Topic = apps.get_model("groups", "Topic")
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})

    HomePage = apps.get_model("home", "HomePage")
    GroupIndexPage = apps.get_model("groups", "GroupIndexPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    home = HomePage.objects.order_by("path").first()
    if home is None or GroupIndexPage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="groups", model="groupindexpage")
    # Treebeard's API is not available on historical models, so place the child by hand.
    last_child = (
        apps.get_model("wagtailcore", "Page").objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
    )
    if last_child is None:
        path = home.path + "0001"
    else:
        path = last_child.path[:-4] + _base36(int(last_child.path[-4:], 36) + 1)
    GroupIndexPage.objects.create(
        title="社群",
        draft_title="社群",
        slug="groups",
        content_type=content_type,
        path=path,
        depth=home.depth + 1,
        numchild=0,
        url_path=home.url_path + "groups/",
        live=True,
        show_in_menus=True,
        locale_id=home.locale_id,
        intro="按兴趣、城市和阶段找到适合你的社群；找不到，就自己发起一个。",
    )
    home.numchild += 1
    home.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("home", "0003_standardpage"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
