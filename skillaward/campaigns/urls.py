from skillaward.campaigns.views import applications, campaigns, lists

urlpatterns = campaigns.urlpatterns + applications.urlpatterns + lists.urlpatterns
