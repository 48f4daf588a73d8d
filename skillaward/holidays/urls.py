from skillaward.holidays.views import urlpatterns

__all__ = ["urlpatterns"]
