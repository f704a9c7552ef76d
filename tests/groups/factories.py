"""factory_boy factories for community groups and the records around them.

Memberships keep the group's ``member_count`` in step (one ``F()`` update per active membership), so a group built
here satisfies ``member_count == active memberships`` exactly like one built through the services.
"""

from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.groups.models import CommunityGroup, GroupApplication, JoinRequest, Membership, Topic
from tests.factories import UserFactory


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"话题{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "测试话题"

    class Meta:
        model = Topic


class MemberFactory(UserFactory):
    """A verified member whose account is old enough to found a group under the default rules."""

    email_address__verified = True
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


class CommunityGroupFactory(DjangoModelFactory):
    """A group. `CommunityGroupFactory(leader=user)` seats `user` as its leader; `members=3` adds three members."""

    name = factory.Sequence(lambda n: f"测试社群{n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    topic = factory.SubFactory(TopicFactory)
    city = "杭州"
    summary = factory.LazyAttribute(lambda o: f"{o.name}的一句话介绍")
    description = "<p>欢迎加入。</p>"
    join_policy = CommunityGroup.JoinPolicy.OPEN
    capacity = 100
    member_count = 0

    class Meta:
        model = CommunityGroup
        skip_postgeneration_save = True

    @factory.post_generation
    def leader(obj, create, extracted, **kwargs):
        if create and extracted:
            MembershipFactory(group=obj, member=extracted, role=Membership.Role.LEADER)
            if obj.founder_id is None:
                CommunityGroup.objects.filter(pk=obj.pk).update(founder=extracted)
                obj.founder = extracted

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            MembershipFactory.create_batch(extracted, group=obj)


class MembershipFactory(DjangoModelFactory):
    group = factory.SubFactory(CommunityGroupFactory)
    member = factory.SubFactory(MemberFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE

    class Meta:
        model = Membership

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        if membership.state == Membership.State.ACTIVE:
            CommunityGroup.objects.filter(pk=membership.group_id).update(member_count=F("member_count") + 1)
            membership.group.refresh_from_db(fields=["member_count"])
        return membership


class JoinRequestFactory(DjangoModelFactory):
    group = factory.SubFactory(CommunityGroupFactory, join_policy=CommunityGroup.JoinPolicy.APPROVAL)
    member = factory.SubFactory(MemberFactory)
    answers = factory.LazyFunction(list)
    status = JoinRequest.Status.PENDING
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == JoinRequest.Status.WAITLISTED else None
    )

    class Meta:
        model = JoinRequest


class GroupApplicationFactory(DjangoModelFactory):
    applicant = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"新社群申请{n}")
    topic = factory.SubFactory(TopicFactory)
    city = "上海"
    purpose = "给喜欢周末一起做点什么的人一个固定的聚会。"
    planned_activities = "每月两次线下活动。"
    expected_size = 30
    status = GroupApplication.Status.SUBMITTED

    class Meta:
        model = GroupApplication
