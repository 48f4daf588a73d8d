from django.urls import path

from skillaward.organisations import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/accounts/new/", views.account_new, name="account_new"),
    path("accounts/<int:pk>/password/", views.account_password, name="account_password"),
    path("accounts/changes/", views.account_changes, name="account_changes"),
]
