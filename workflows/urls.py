from django.urls import path

from workflows import views

urlpatterns = [
    path("tasks/inbox/", views.inbox, name="task-inbox"),
    path("tasks/queue/", views.queue, name="task-queue"),
    path("tasks/archive/", views.archive, name="task-archive"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_detail, name="notification-detail"),
    path("tasks/claim/", views.task_claim_many, name="task-claim-many"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/reassign/", views.task_reassign, name="task-reassign"),
    path("tasks/<int:pk>/follow-up/", views.task_follow_up, name="task-follow-up"),
    path("tasks/<int:pk>/claim/", views.task_claim, name="task-claim"),
    path("tasks/<int:pk>/release/", views.task_release, name="task-release"),
]
