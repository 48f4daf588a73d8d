"""Campaign pages: list, detail, creation by the office."""

from django.urls import path

urlpatterns: list = [
    path("campaigns/<int:pk>/", lambda request, pk: None, name="campaign_detail"),
]
