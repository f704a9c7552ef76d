"""A member's choices of channel, one per notification type, shown by section; a choice equal to the type's default
is stored as no row at all, so changing a default later reaches everyone who never chose."""

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils.translation import pgettext_lazy

from . import types
from .models import Preference
from .types import Channel


def channels_for(notification_type):
    """The channels a member may pick for a type: every one, but no "off" for types that cannot be switched off."""
    return [
        (value, label) for value, label in Channel.choices if notification_type.can_turn_off or value != Channel.OFF
    ]


@dataclass
class Section:
    label: str
    fields: list


class PreferencesForm(forms.Form):
    """One select per registered type, named by the type's code; a missing field keeps the current choice."""

    def __init__(self, member, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        # Types only staff receive (applications for the community team) are not offered to members.
        self.types = {
            notification_type.code: notification_type
            for notification_type in types.all_types()
            if member.is_staff or not notification_type.staff_only
        }
        chosen = dict(Preference.objects.filter(member=member).values_list("kind", "channel"))
        for code, notification_type in self.types.items():
            choices = channels_for(notification_type)
            current = chosen.get(code) or notification_type.default
            if current not in dict(choices):
                current = notification_type.default
            self.fields[code] = forms.ChoiceField(
                label=notification_type.label,
                choices=choices,
                initial=current,
                required=False,
                error_messages={"invalid_choice": pgettext_lazy("notification preferences", "Pick one of the list.")},
            )

    def sections(self):
        """The form's fields grouped by their type's section; sections ordered by their types' lowest position."""
        grouped = {}
        ordered = sorted(self.types.items(), key=lambda item: item[1].position)
        for code, notification_type in ordered:
            label = str(notification_type.section)
            grouped.setdefault(label, Section(label, [])).fields.append(self[code])
        return list(grouped.values())

    @transaction.atomic
    def save(self):
        back_to_default, chosen = [], []
        for code, channel in self.cleaned_data.items():
            if not channel:
                continue
            if channel == self.types[code].default:
                back_to_default.append(code)
            else:
                chosen.append(Preference(member=self.member, kind=code, channel=channel))
        if back_to_default:
            Preference.objects.filter(member=self.member, kind__in=back_to_default).delete()
        if chosen:
            Preference.objects.bulk_create(
                chosen,
                update_conflicts=True,
                unique_fields=["member", "kind"],
                update_fields=["channel", "updated_at"],
            )
