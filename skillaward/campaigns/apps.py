from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "skillaward.campaigns"
    label = "campaigns"
    verbose_name = "评选活动和申报"
