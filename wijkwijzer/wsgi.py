import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwijzer.settings")
application = get_wsgi_application()

# What start-up made (modules, settings, URL patterns, the apps' registry) lives as long as the process: moved out
# of the garbage collector's generations, it is no longer walked by each full collection during the requests.
gc.freeze()
