from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "skillaward.downloads"
    label = "downloads"
    verbose_name = "文书下载"
