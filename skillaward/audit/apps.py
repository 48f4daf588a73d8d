from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "skillaward.audit"
    label = "audit"
    verbose_name = "操作记录"

    def ready(self) -> None:
        from skillaward.audit.seal import register_unsealed_function

        connection_created.connect(register_unsealed_function)
