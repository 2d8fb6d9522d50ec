import datetime

import pytest
from django.utils import timezone

from xingping.publicity import services
from xingping.publicity.models import Category, Kind, ServiceCommitment


@pytest.fixture
def draft(tree):
    return services.publication_create(actor=tree.station_staff, unit=tree.station, kind=Kind.NEWS,
                                       category=Category.ACTIVITY, title="书院所草稿标题", body="草稿正文")


def publish(tree, unit, title, *, kind=Kind.NEWS, body="正文", publish_at=None, expires_at=None):
    item = services.publication_create(actor=tree.office, unit=unit, kind=kind, title=title, body=body,
                                       category=Category.ACTIVITY if kind == Kind.NEWS else "")
    item = services.publication_submit(actor=tree.office, item=item)
    return services.publication_publish(actor=tree.office, item=item, publish_at=publish_at, expires_at=expires_at)


@pytest.fixture
def published(tree):
    return publish(tree, tree.station, "已发布的新闻")


@pytest.fixture
def letter(tree):
    return publish(tree, tree.city, "致社会各界的公开信", kind=Kind.LETTER)


@pytest.fixture
def commitment(tree):
    return ServiceCommitment.objects.create(unit=tree.station, service="个体工商户登记", promised_time="当场办结")


def later(**kw):
    return timezone.now() + datetime.timedelta(**kw)
