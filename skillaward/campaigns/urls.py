from skillaward.campaigns.views import applications, campaigns

urlpatterns = campaigns.urlpatterns + applications.urlpatterns
