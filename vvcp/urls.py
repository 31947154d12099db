from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("share-practice/", include("submissions.urls")),
    path("", include("interventions.urls")),
]

handler404 = "interventions.views.page_not_found"
