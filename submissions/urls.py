from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.SharePracticeView.as_view(), name="share"),
    path("correction/", views.CorrectionView.as_view(), name="correction"),
    path("thank-you/", views.ConfirmationView.as_view(), name="confirmation"),
    path("files/<int:pk>/", views.download_file, name="file"),
]
