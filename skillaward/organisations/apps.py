from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "skillaward.organisations"
    label = "organisations"
    verbose_name = "组织和账号"
