from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from skillaward.organisations.permissions import visible_campaigns


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: the campaigns its place in the tree lets it see."""
    campaigns = visible_campaigns(request.user).select_related("office")
    return render(request, "web/home.html", {"campaigns": campaigns})
