from skillaward.registry.views import urlpatterns

__all__ = ["urlpatterns"]
