from django.urls import path

from skillaward.panels import views

urlpatterns = [
    path("panels/mine/", views.my_reviews, name="panel_my_reviews"),
    path(
        "panels/rounds/<int:round_id>/candidates/<int:pk>/",
        views.review_candidate,
        name="panel_review",
    ),
    path("panels/experts/", views.expert_pool, name="expert_pool"),
    path("panels/experts/new/", views.expert_edit, name="expert_new"),
    path("panels/experts/import/", views.expert_import, name="expert_import"),
    path("panels/experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("panels/experts/<int:pk>/active/", views.expert_active, name="expert_active"),
    path("panels/campaigns/<int:campaign_id>/", views.campaign_panels, name="campaign_panels"),
    path("panels/<int:panel_id>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:panel_id>/draw/", views.panel_draw, name="panel_draw"),
    path("panels/<int:panel_id>/pick/", views.panel_pick, name="panel_pick"),
    path("panels/<int:panel_id>/reserve/", views.panel_reserve, name="panel_reserve"),
    path("panels/<int:panel_id>/open/", views.round_open, name="panel_round_open"),
    path("panels/<int:panel_id>/close/", views.round_close, name="panel_round_close"),
    path("panels/<int:panel_id>/runoff/", views.runoff_open, name="panel_runoff_open"),
    path("panels/<int:panel_id>/finish/", views.panel_finish, name="panel_finish"),
]
