"""What the platform commands find once Django is set up: the account, organisation, campaign
and applications the command line names, and a file to upload. Imported by the handlers when
they run, never to declare them.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.db.models import Q

from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_campaigns
from skillaward.cli.common import UsageError
from skillaward.organisations.models import Account, Organisation


def acting(args: argparse.Namespace) -> Account:
    """The account named by ``--as``."""
    account = Account.objects.select_related("organisation").filter(username=args.acting).first()
    if account is None:
        raise UsageError(f"没有用户名为“{args.acting}”的账号")
    if not account.is_active:
        raise UsageError(f"账号“{account.username}”已停用")
    return account


def organisation(reference: str) -> Organisation:
    """An organisation by its number or its (unique) name."""
    found = Organisation.objects.filter(
        Q(pk=int(reference)) if reference.isdigit() else Q(name=reference.strip())
    )
    matches = list(found[:2])
    if not matches:
        raise UsageError(f"没有编号或名称为“{reference}”的单位")
    if len(matches) > 1:
        raise UsageError(f"名为“{reference}”的单位不止一个，请用编号")
    return matches[0]


def campaign_of(pk: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise UsageError(f"没有编号为{pk}的评选活动")
    return campaign


def visible_campaign(pk: int, actor: Account) -> Campaign:
    campaign = visible_campaigns(actor).select_related("office").filter(pk=pk).first()
    if campaign is None:
        raise UsageError(f"没有编号为{pk}的评选活动，或无权查看")
    return campaign


def application_of(pk: int) -> Application:
    application = (
        Application.objects.select_related("campaign", "recommender", "unit").filter(pk=pk).first()
    )
    if application is None:
        raise UsageError(f"没有编号为{pk}的申报")
    return application


def applications_of(pks: Sequence[int]) -> list[Application]:
    """The applications in the order given; every number must exist."""
    found = Application.objects.select_related("campaign", "recommender").in_bulk(pks)
    missing = [str(pk) for pk in pks if pk not in found]
    if missing:
        raise UsageError(f"没有编号为{'、'.join(missing)}的申报")
    return [found[pk] for pk in pks]


@contextmanager
def upload(path: str | None) -> Iterator[File[bytes] | None]:
    """The file at ``path`` as an upload named by its base name (None if no path)."""
    if path is None:
        yield None
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise UsageError(f"无法读取文件 {path}：{exc.strerror}") from None
    with stream:
        yield File(stream, name=Path(path).name)
