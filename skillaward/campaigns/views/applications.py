"""The online application: start, fill in (drafts saved as you go), upload, pledge, submit."""

urlpatterns: list = []
