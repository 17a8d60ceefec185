"""Who may do what, for django-rules to find at start-up: each subject keeps its own
predicates and permissions (`cases/<subject>/rules.py`); this module only loads them."""

from cases.commissioning import rules as commissioning_rules
from cases.disputes import rules as dispute_rules
from cases.register import rules as register_rules
from cases.year import rules as year_rules

__all__ = ["commissioning_rules", "dispute_rules", "register_rules", "year_rules"]
