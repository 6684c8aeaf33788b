"""Incidents: the reports of one real-world event, resolved into one.

:func:`~conflict_geo.incidents.resolve.resolve_incidents` joins the findings of
one document (a headline, a lead and body sentences telling one air strike).
"""

from conflict_geo.incidents.resolve import resolve_incidents

__all__ = ["resolve_incidents"]
