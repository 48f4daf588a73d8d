"""The application server's entry point: ``gunicorn skillaward.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
application = get_wsgi_application()

from skillaward.web.deployment import require_secret_key  # noqa: E402  (needs Django set up)

require_secret_key()
