from django.conf import settings

from cases.register.selectors import roles_for


def service(request):
    """The service name and, for a signed-in user, their roles, for every page's header."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    roles = roles_for(user) if signed_in else []
    task_counts = None
    if signed_in:
        from workflows.selectors import counts

        task_counts = counts(user)
    return {
        "service_name": settings.SERVICE_NAME,
        "user_roles": roles,
        "user_primary_role": roles[0] if roles else "",
        "task_counts": task_counts,
    }
