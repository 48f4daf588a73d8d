from skillaward.publicity.views import urlpatterns

__all__ = ["urlpatterns"]
