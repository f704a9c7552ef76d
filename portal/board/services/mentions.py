"""@mentions: `@名字` in a post or comment names an active member of the group by their display name.

Chinese names are not separated from the text that follows ("@阿丽你看"), so a mention is not a word up to the next
space: the text is matched against the group's members' names, longest first. Resolved once, when the text is
written, and stored as Mention rows (the notifications of issue 15 read them); the page highlights the names those
rows point at.
"""

import re

from django.db.models.functions import Length

from portal.groups.models import Membership

from ..models import Mention

#: At most this many members are mentioned by one post or comment; more is a roll call, not a conversation.
MAX_MENTIONS = 20


def _names_pattern(names):
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(f"@({alternatives})")


def mentioned_members(group, text, *, author):
    """The group's active members named with @ in ``text`` (not the author), in the order they first appear."""
    if "@" not in (text or ""):
        return []
    memberships = (
        Membership.objects.active()
        .filter(group=group)
        .exclude(member=author)
        .exclude(member__display_name="")
        .select_related("member")
        .order_by(Length("member__display_name").desc(), "member_id")
    )
    by_name = {}
    for membership in memberships:
        by_name.setdefault(membership.member.display_name, []).append(membership.member)
    if not by_name:
        return []
    found, seen = [], set()
    for match in _names_pattern(by_name).finditer(text):
        for member in by_name[match[1]]:
            if member.pk not in seen:
                seen.add(member.pk)
                found.append(member)
    return found[:MAX_MENTIONS]


def record_mentions(group, text, *, author, post, comment=None):
    """Store a Mention for each member newly named in ``text``; an edit naming someone again adds nothing."""
    members = mentioned_members(group, text, author=author)
    if not members:
        return []
    already = set(
        Mention.objects.filter(post=post, comment=comment, member__in=members).values_list("member_id", flat=True)
    )
    return Mention.objects.bulk_create(
        [Mention(member=member, post=post, comment=comment) for member in members if member.pk not in already]
    )
