import os

from django.core.wsgi import get_wsgi_application

from config.telemetry import configure_tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Before Django loads its middleware, which tracing adds to.
configure_tracing()
application = get_wsgi_application()
