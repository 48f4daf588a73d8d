from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "skillaward.review"
    label = "review"
    verbose_name = "审核评审"
