"""Every record of the cases app, for Django to find: each subject keeps its own models
(`cases/<subject>/models.py`), and code imports them from there, never from here."""

from cases.accounts.models import *  # noqa: F403
from cases.commissioning.models import *  # noqa: F403
from cases.disputes.models import *  # noqa: F403
from cases.privacy.models import *  # noqa: F403
from cases.register.models import *  # noqa: F403
from cases.year.models import *  # noqa: F403
