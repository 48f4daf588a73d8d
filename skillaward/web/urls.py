from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from skillaward.web import auth, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth.OwnPasswordChange.as_view(), name="password_change"),
    path("", include("skillaward.organisations.urls")),
    path("", include("skillaward.campaigns.urls")),
    path("", include("skillaward.review.urls")),
    path("", include("skillaward.publicity.urls")),
    path("", include("skillaward.registry.urls")),
    path("", include("skillaward.downloads.urls")),
    path("", include("skillaward.holidays.urls")),
    path("", include("skillaward.panels.urls")),
    # Uploaded photos and files are served only through views that check permissions.
]

if settings.DEBUG:  # pragma: no cover - development convenience only
    urlpatterns.append(path("static/<path:path>", serve, {"document_root": settings.STATIC_ROOT}))
