from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "skillaward.holidays"
    label = "holidays"
    verbose_name = "节假日安排"
