from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "skillaward.registry"
    label = "registry"
    verbose_name = "获评人员库"
