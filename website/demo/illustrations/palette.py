"""The demo illustrations' colours: the site's tokens (static/css/site.css) and a few warm supporting ones."""

# The site's tokens (static/css/site.css) plus the few warm supporting colours the subjects need.
TEAL_50 = (238, 248, 246)
TEAL_100 = (211, 236, 231)
TEAL_200 = (167, 216, 207)
TEAL_300 = (116, 191, 178)
TEAL_500 = (31, 138, 127)
TEAL_600 = (22, 114, 106)
TEAL_700 = (15, 94, 89)
TEAL_800 = (12, 74, 70)
TEAL_900 = (9, 56, 53)
APRICOT_50 = (253, 244, 236)
APRICOT_100 = (251, 227, 204)
APRICOT_300 = (245, 191, 140)
APRICOT_400 = (240, 160, 96)
APRICOT_500 = (224, 122, 58)
APRICOT_700 = (156, 74, 31)
CREAM = (250, 248, 244)
MUTED = (244, 241, 234)
BORDER = (228, 222, 210)
STRONG = (201, 193, 177)
INK = (31, 42, 42)
WHITE = (255, 255, 255)
SUN = (246, 196, 83)
CRUST = (200, 128, 63)
CRUST_DARK = (163, 92, 40)
CRUMB = (243, 217, 164)
WOOD = (201, 149, 92)
WOOD_DARK = (166, 112, 62)
LEAF = (90, 164, 105)
LEAF_DARK = (58, 128, 82)
BERRY = (208, 100, 76)
SKY = (169, 203, 230)
BLUE = (29, 90, 132)
PINK = (242, 167, 160)
SKIN = [(247, 214, 186), (234, 188, 150), (205, 150, 110), (160, 108, 74), (118, 78, 52)]
HAIR = [(45, 38, 35), (86, 58, 40), (140, 90, 52), (30, 30, 38), (176, 120, 70), (120, 120, 120)]
CLOTHES = [TEAL_500, APRICOT_500, BLUE, TEAL_700, BERRY, APRICOT_400, LEAF_DARK, TEAL_300]
WALLS = [(APRICOT_50, APRICOT_100), (TEAL_50, TEAL_100), (CREAM, MUTED), ((253, 240, 226), APRICOT_100)]


def _mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def darken(colour, amount=0.18):
    return _mix(colour, (0, 0, 0), amount)


def tint(colour, amount=0.3):
    return _mix(colour, WHITE, amount)
