import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, settings) lives as long as the worker. Freezing it keeps the cyclic
# collector from rescanning it on every full collection, which otherwise shows as latency spikes on pages that
# build many objects (a section's heatmap holds thousands of cells).
gc.freeze()
