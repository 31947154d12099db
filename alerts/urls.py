from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("check-your-email/", views.SentView.as_view(), name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/<str:token>/", views.ManageView.as_view(), name="manage"),
]
