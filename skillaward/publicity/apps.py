from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "skillaward.publicity"
    label = "publicity"
    verbose_name = "公示"
