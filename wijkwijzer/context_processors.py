from django.conf import settings


def site(request):
    """Values every template may use."""
    return {"SITE_NAME": "WijkWijzer", "SITE_URL": settings.SITE_URL}
