from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "skillaward.web"
    label = "web"
    verbose_name = "界面"
