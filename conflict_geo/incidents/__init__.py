"""Incidents: the reports of one real-world event, resolved into one.

* :func:`~conflict_geo.incidents.resolve.resolve_incidents` joins the findings
  of one document (a headline, a lead and body sentences telling one air
  strike);
* :func:`~conflict_geo.incidents.fuse.fuse` joins the reports of one incident
  across documents and datasets (:mod:`~conflict_geo.incidents.reports` reads
  them, :mod:`~conflict_geo.incidents.compare` holds the rules,
  :mod:`~conflict_geo.incidents.cluster` groups them,
  :mod:`~conflict_geo.incidents.merge` makes one row of each group);
* :func:`~conflict_geo.incidents.match.match` cross-checks incidents read from
  text against a dataset.
"""

from conflict_geo.incidents.resolve import resolve_incidents

__all__ = ["resolve_incidents"]
