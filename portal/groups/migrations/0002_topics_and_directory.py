"""Default topics and the /groups/ directory page, so every installation starts with a working directory."""

from django.db import migrations

from website.core.migration_utils import add_child_page

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


def create(apps, schema_editor):
    Topic = apps.get_model("groups", "Topic")
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})

    HomePage = apps.get_model("home", "HomePage")
    GroupIndexPage = apps.get_model("groups", "GroupIndexPage")
    home = HomePage.objects.order_by("path").first()
    if home is None or GroupIndexPage.objects.exists():
        return
    add_child_page(
        apps,
        home,
        "groups.GroupIndexPage",
        title="社群",
        slug="groups",
        show_in_menus=True,
        intro="按兴趣、城市和阶段找到适合你的社群；找不到，就自己发起一个。",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("home", "0003_standardpage"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
