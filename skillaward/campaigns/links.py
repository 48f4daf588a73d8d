"""Where each step of a chain is worked: the page a role opens to act at that step."""

from __future__ import annotations

from django.urls import reverse

from skillaward.campaigns.models import Campaign
from skillaward.core.chain import ChainStep


def step_pages(campaign: Campaign, step: ChainStep) -> list[tuple[str, str]]:
    """(label, url) of the pages where ``step`` of ``campaign`` is done; a step with a panel
    is also held on the platform (the panel pages), or recorded from paper."""
    online = (
        [("组织专家评审", reverse("campaign_panels", args=[campaign.pk]))]
        if step.panel is not None
        else []
    )
    return online + _pages(campaign, step)


def _pages(campaign: Campaign, step: ChainStep) -> list[tuple[str, str]]:
    match step.kind:
        case "publicity":
            return [("办理公示", reverse("publicity_manage", args=[campaign.pk, step.id]))]
        case "recommender_submit":
            return [("排序报送", reverse("recommendation", args=[campaign.pk]))]
        case "panel":
            return [
                (
                    f"录入{award.name}线下评审结果",
                    reverse("panel_record", args=[campaign.pk, award.id]),
                )
                for award in campaign.program.awards
            ]
        case "approval":
            return [("审批", reverse("approval", args=[campaign.pk]))]
        case "announcement":
            return [("公布结果", reverse("announcement", args=[campaign.pk]))]
    return [("待审核名单", f"{reverse('review_worklist')}?campaign={campaign.pk}")]
