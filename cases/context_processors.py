from django.conf import settings

from cases.selectors import roles_for


def service(request):
    """The service name and, for a signed-in user, their roles, for every page's header."""
    user = getattr(request, "user", None)
    roles = roles_for(user) if user is not None and user.is_authenticated else []
    return {
        "service_name": settings.SERVICE_NAME,
        "user_roles": roles,
        "user_primary_role": roles[0] if roles else "",
    }
