from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "skillaward.web"
    label = "web"
    verbose_name = "界面"

    def ready(self) -> None:
        from skillaward.web import deployment  # noqa: F401  (registers the deployment check)
