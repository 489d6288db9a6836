import os

from django.core.wsgi import get_wsgi_application

from trellis.config.memory import settle_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, settings) and what the first requests build live as long as the
# worker: frozen, the cyclic collector does not rescan them on every full collection (config/memory.py).
settle_worker()
