"""Demo editorial content: courses, recruitment calls, leader guides, showcases and featured groups, in Chinese.

Imported by website/demo/home.py; kept apart because it is mostly text.
"""

COURSES = [
    # slug, title, summary, level, mode, topic, lecturer, bio, days until first session (negative: past), sessions,
    # capacity, audience
    (
        "sourdough-101",
        "零基础欧包：从养酵种开始",
        "四节课带你养出第一罐酵种，在家烤出有气孔、有嚼劲的欧包面包。",
        "beginner",
        "offline",
        "baking",
        "林小雨",
        "家庭烘焙教室主理人，教过 800 多位学员",
        5,
        4,
        15,
        "everyone",
    ),
    (
        "film-criticism",
        "怎么写一篇好影评",
        "从观影笔记到一篇完整影评：结构、论点与细节。",
        "intermediate",
        "online",
        "film",
        "周航",
        "影评人，豆瓣影评作者",
        9,
        3,
        60,
        "everyone",
    ),
    (
        "running-form",
        "跑姿与配速：新手不受伤",
        "用三次训练课纠正跑姿、学会控制配速，为第一个半马做准备。",
        "beginner",
        "offline",
        "sports",
        "王磊",
        "跑过 6 个全马的业余教练",
        12,
        3,
        20,
        "everyone",
    ),
    (
        "picture-book-reading",
        "亲子共读的 5 个方法",
        "如何挑绘本、如何提问、如何让孩子愿意复述。",
        "beginner",
        "online",
        "parenting",
        "陈静",
        "社区图书馆绘本志愿者",
        -20,
        2,
        80,
        "everyone",
    ),
    (
        "leader-training-1",
        "群主训练营：第一个月",
        "建群第一个月该做什么：定规则、办第一场活动、迎接新人。",
        "intermediate",
        "online",
        "local",
        "社群运营团队",
        "同好里社群运营团队",
        7,
        3,
        40,
        "leaders",
    ),
    (
        "photo-composition",
        "手机摄影构图进阶",
        "九宫格之外的构图思路，附带一次城市扫街实践。",
        "professional",
        "offline",
        "photography",
        "苏嘉懿",
        "摄影爱好者，胶片冲扫十年",
        -40,
        2,
        12,
        "everyone",
    ),
]

CALLS = [
    # slug, title, role, summary, quota, opens (days from now), closes, questions
    (
        "leaders-2026-winter",
        "冬季社群领袖招募",
        "leader",
        "想在你的城市发起一个兴趣社群？我们提供培训、物料和曝光。",
        20,
        -10,
        20,
        [
            ("你想发起什么样的社群？", "multiline"),
            ("你过去组织过哪些活动？", "multiline"),
            ("每周能投入多少小时？", "singleline"),
        ],
    ),
    (
        "lecturers-2026",
        "讲师招募：把你的手艺教给更多人",
        "lecturer",
        "烘焙、摄影、运动、阅读……只要你擅长并乐于分享。",
        8,
        -5,
        30,
        [
            ("你想讲的课程主题", "singleline"),
            ("课程大纲（可简要）", "multiline"),
            ("过往讲课经历或作品链接", "multiline"),
        ],
    ),
    (
        "seed-users-app",
        "新功能种子用户",
        "seed_user",
        "提前体验新功能，直接和产品团队聊需求。",
        30,
        -60,
        -30,
        [("你最常用同好里的哪个功能？", "singleline")],
    ),
]

GUIDES = [
    # slug, title, category, summary, paragraphs
    (
        "first-week",
        "建群第一周做什么",
        "founding",
        "第一周决定了社群的基调：欢迎、自我介绍、第一个小活动。",
        [
            "第一天：在群公告里写清楚社群为谁而建、多久活动一次、怎么联系群主。",
            "第二到三天：邀请每位新成员做一句话自我介绍，群主逐一回复。",
            "第一周末：办一场 30 分钟的线上小分享，让大家先认识彼此。",
        ],
    ),
    (
        "group-rules",
        "怎样写一份好群规",
        "rules",
        "群规越短越好，但一定要写清楚三件事。",
        [
            "写清楚什么可以发、什么不可以发，例如广告和转发链接的规则。",
            "写清楚违规怎么处理：先私聊提醒，再公开提醒，最后请出群。",
            "群规放在群公告，并每季度回顾一次。",
        ],
    ),
    (
        "five-content-layers",
        "社群内容的五个层次",
        "content",
        "专家内容、合作内容、主线内容、活动内容和惊喜内容。",
        [
            "专家内容：请讲师或达人做分享，是社群的专业度来源。",
            "主线内容：例如每周作业、打卡，让成员有固定的参与节奏。",
            "惊喜内容：不定期的小福利和彩蛋，让成员保持新鲜感。",
        ],
    ),
    (
        "plan-an-activity",
        "策划一场 10 到 15 人的线下活动",
        "activities",
        "人数、场地、流程和复盘。",
        [
            "人数控制在 10 到 15 人，新老成员大约一半一半。",
            "提前一周发布活动，前一天在群里再提醒一次。",
            "活动结束后 24 小时内提交活动报告，附上照片和成员反馈。",
        ],
    ),
    (
        "welcome-15-days",
        "新人 15 天跟进法",
        "newcomers",
        "入群后的 15 天，决定一个新人会不会留下来。",
        [
            "第 1 天：欢迎并邀请自我介绍。第 3 天：私聊问问有什么期待。",
            "第 7 天：邀请参加一次活动。第 15 天：请他分享一次体验。",
        ],
    ),
    (
        "handle-conflict",
        "群里吵起来了怎么办",
        "conflict",
        "先降温，再私聊，最后公开说明。",
        [
            "第一时间在群里提醒大家暂停讨论，避免情绪升级。",
            "分别私聊当事人，了解事情经过。",
            "必要时在群里简短说明处理结果，并回到群规本身。",
        ],
    ),
    (
        "choose-co-leaders",
        "如何挑选管理员",
        "founding",
        "最活跃的成员是最自然的管理员人选。",
        ["看最近 30 天的活动出勤和发言，找出最愿意帮忙的人。", "先请他负责一件具体的小事，比如一次活动的签到。"],
    ),
    (
        "spin-off",
        "社群满员后如何裂变",
        "activities",
        "满员不是终点：请一位骨干成员带一部分人开新群。",
        [
            "当社群接近 90% 容量时，在管理页发起裂变，提名一位活跃成员。",
            "新群沿用同样的主题和城市，愿意的成员和候补名单上的人可以自愿转过去。",
        ],
    ),
]

SHOWCASES = [
    # slug, title, kind, theme, days open (negative start), entries
    ("autumn-bread", "秋日面包季", "theme", "晒出你这个秋天烤的面包，讲讲它背后的烘焙故事。", -12, 18),
    ("week-47-street", "第 47 周作业：街角的光", "assignment", "用手机拍一张街角的光影。", -30, -16),
]

ENTRY_TITLES = [
    "第一次成功的欧包",
    "南瓜吐司",
    "全麦乡村面包",
    "失败三次后的可颂",
    "奶奶配方的红糖馒头",
    "栗子软欧",
    "傍晚的巷口",
    "地铁站的光斑",
    "早市的第一缕阳光",
    "雨后的路灯",
]
ENTRY_STORY = "周末一整天都在厨房里。揉面、等待发酵、烤箱里的香味……虽然样子不算完美，但这是我最满意的一次。"
