from django.urls import path, re_path

from skillaward.review import views

urlpatterns = [
    path("review/", views.review_worklist, name="review_worklist"),
    path("review/applications/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    re_path(
        r"^review/applications/(?P<pk>\d+)/(?P<decision>approve|return|reject)/$",
        views.review_decide,
        name="review_decide",
    ),
    path(
        "review/applications/<int:pk>/override/",
        views.finding_override,
        name="finding_override",
    ),
    path(
        "review/campaigns/<int:campaign_id>/recommendation/",
        views.recommendation,
        name="recommendation",
    ),
    path(
        "review/campaigns/<int:campaign_id>/panel/<str:award_id>/",
        views.panel_record,
        name="panel_record",
    ),
    path("review/campaigns/<int:campaign_id>/approval/", views.approval, name="approval"),
    path(
        "review/campaigns/<int:campaign_id>/announcement/",
        views.announcement,
        name="announcement",
    ),
]
