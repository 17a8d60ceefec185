from django.urls import path

from . import views

urlpatterns = [
    path("your-work/", views.your_work, name="your-work"),
]
