"""The page shown when django-axes pauses sign-in after repeated wrong passwords."""

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in paused",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff": f"{minutes} minute{'s' if minutes != 1 else ''}",
        "username": get_client_username(request, credentials) or "",
    }
    return render(request, "admin/locked_out.html", context, status=429)
