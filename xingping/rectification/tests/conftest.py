"""Fixtures for the rectification tests: a finding and items made through the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xingping.rectification import services
from xingping.rectification.models import Category, Source

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_finding(tree, campaign, unit=None, category=Category.EXECUTION, title="对上级部署推进迟缓", actor=None):
    return services.finding_create(actor=actor or tree.office, campaign=campaign, unit=unit or tree.station, title=title,
                                   category=category, source=Source.SELF_INSPECTION)


def make_item(tree, finding, deadline_days=10, actor=None, **kwargs):
    values = dict(item="每周调度", method="建立台账", standard="达到平均水平", deadline=days(deadline_days),
                  responsible=tree.station_staff)
    values.update(kwargs)
    return services.item_create(actor=actor or tree.station_leader, finding=finding, **values)


@pytest.fixture
def finding(tree, campaign):
    return make_finding(tree, campaign)


@pytest.fixture
def item(tree, finding):
    return make_item(tree, finding)
