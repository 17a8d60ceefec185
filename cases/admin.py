"""The Django admin, for Django to find: each subject registers its own records
(`cases/<subject>/admin.py`); this module only loads them."""

from cases.accounts import admin as accounts_admin
from cases.commissioning import admin as commissioning_admin
from cases.disputes import admin as disputes_admin
from cases.privacy import admin as privacy_admin
from cases.register import admin as register_admin
from cases.year import admin as year_admin

__all__ = [
    "accounts_admin",
    "commissioning_admin",
    "disputes_admin",
    "privacy_admin",
    "register_admin",
    "year_admin",
]
