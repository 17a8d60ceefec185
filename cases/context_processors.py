from django.conf import settings
from django.utils.translation import gettext as _

from cases.register.selectors import roles_for
from workflows import navigation


def _commissions(roles) -> bool:
    """Whether one of the roles is a commissioner's: "Commissioner, <organisation>" as
    `roles_for` writes it, in the reader's language."""
    before, _sep, after = _("Commissioner, %(organisation)s").partition("%(organisation)s")
    return any(role.startswith(before) and role.endswith(after) for role in roles)


def _protects_data(roles) -> bool:
    """Whether one of the roles is a data protection officer's (`roles_for`)."""
    whole = _("Data protection officer for the whole service")
    before = _("Data protection officer, %(area)s").partition("%(area)s")[0]
    return any(role == whole or role.startswith(before) for role in roles)


def service(request):
    """The service name and, for a signed-in user, their roles and the navigation's numbers
    (kept per user by `workflows.navigation`: one or two cache reads a page, counted again only
    when the user's steps or a queue they work changed)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    roles, task_counts = [], None
    if signed_in:
        kept = navigation.header(user, roles_for)
        roles = kept["roles"]
        task_counts = kept["counts"]
    return {
        "service_name": settings.SERVICE_NAME,
        "user_roles": roles,
        "user_primary_role": roles[0] if roles else "",
        # A commissioner's home is their exercises (the roles say who commissions).
        "user_commissions": _commissions(roles),
        "user_protects_data": _protects_data(roles),
        "task_counts": task_counts,
    }
