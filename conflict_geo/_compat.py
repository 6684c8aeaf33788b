"""Lazy import of optional dependencies with a message naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

from conflict_geo.exc import ConfigurationError

__all__ = ["import_optional_dependency"]


def import_optional_dependency(name: str, extra: str, purpose: str = "") -> ModuleType:
    """Import ``name`` or raise a :class:`ConfigurationError` naming the extra.

    Parameters
    ----------
    name : str
        Module to import, e.g. ``"spacy"``.
    extra : str
        The ``conflict-geo`` extra that installs it, e.g. ``"nlp"``.
    purpose : str, optional
        What the module is needed for, shown in the message.

    Returns
    -------
    module
        The imported module.
    """
    try:
        return importlib.import_module(name)
    except ImportError as err:
        why = f" for {purpose}" if purpose else ""
        raise ConfigurationError(
            f"{name!r} is needed{why}; install it with "
            f"`pip install 'conflict-geo[{extra}]'`"
        ) from err
