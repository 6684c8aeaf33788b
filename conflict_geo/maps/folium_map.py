"""The folium map that conflict_geo returns: an ordinary map that stays whole.

:class:`ConflictFoliumMap` is a :class:`folium.Map`: users add their own layers,
``LayerControl``, plugins and popups, and save it with folium's ``m.save()``,
``_repr_html_`` or :meth:`~conflict_geo.maps.conflict_map.ConflictMap.save`.
Whichever writes the page, the map is arranged first:

* layer controls go after every layer, so a layer added later is listed (and
  its variable exists when the control reads it); when the user added a
  ``LayerControl`` of their own, it replaces the one conflict_geo added;
* an offline map inlines the assets of every element on it
  (:func:`~conflict_geo.maps.offline.make_offline`), and its figure checks the
  finished page (:func:`~conflict_geo.maps.offline.check_offline`), so no save
  path can write a page that silently reaches the network; an element that
  cannot be made offline is an error naming it and the fix, and ``m.save()``
  renders before it writes, so the file is left as it was.
"""

from __future__ import annotations

import os
from os import PathLike
from pathlib import Path
from typing import Any

import folium
from branca.element import Figure

from conflict_geo.maps.offline import check_offline, make_offline

__all__ = ["ConflictFigure", "ConflictFoliumMap", "arrange_controls"]

#: Attribute set on the layer control conflict_geo adds itself.
OWN_CONTROL = "_conflict_geo_control"


class ConflictFigure(Figure):
    """A folium figure that refuses to write an offline page that reaches out.

    Parameters
    ----------
    offline : bool, default False
        Check every rendered page with
        :func:`~conflict_geo.maps.offline.check_offline`.
    **kwargs
        As for :class:`branca.element.Figure`.
    """

    def __init__(self, offline: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.offline = bool(offline)

    def render(self, **kwargs: Any) -> str:
        """Render the page (checked when offline).

        Returns
        -------
        str

        Raises
        ------
        RenderError
            When an offline page would load anything from the network.
        """
        page = super().render(**kwargs)
        if self.offline:
            check_offline(page)
        return page


def arrange_controls(m: folium.Map) -> None:
    """Put layer controls after every layer; the user's control wins over ours.

    Parameters
    ----------
    m : folium.Map
        The map, changed in place.
    """
    controls = [
        (name, child)
        for name, child in m._children.items()
        if isinstance(child, folium.LayerControl)
    ]
    theirs = [c for c in controls if not getattr(c[1], OWN_CONTROL, False)]
    for name, child in controls:
        if theirs and getattr(child, OWN_CONTROL, False):
            del m._children[name]
        else:
            m._children.move_to_end(name)


class ConflictFoliumMap(folium.Map):
    """A :class:`folium.Map` arranged and, offline, made self-contained on render.

    Parameters
    ----------
    offline : bool, default False
        Inline every asset at render time and refuse network references.
    **kwargs
        As for :class:`folium.Map`.
    """

    def __init__(self, *, offline: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.offline = bool(offline)
        ConflictFigure(offline=self.offline).add_child(self)

    def render(self, **kwargs: Any) -> None:
        """Arrange the controls, inline assets when offline, then render."""
        arrange_controls(self)
        if self.offline:
            make_offline(self)
        super().render(**kwargs)

    def save(self, outfile: Any, close_file: bool = True, **kwargs: Any) -> None:
        """Render the page, then write it (folium's ``save``, made safe).

        folium opens the file before rendering, so a page that cannot be
        rendered (an offline map holding online tiles, say) would leave an
        empty or truncated file. Here the page is rendered first and a file
        path is written atomically: after an error the file is as it was.

        Parameters
        ----------
        outfile : str, path-like or binary file object
            Where to write the page.
        close_file : bool, default True
            Close a file object once written.
        **kwargs
            Passed to the figure's ``render``.
        """
        from conflict_geo.maps.export import write_atomic

        page = self.get_root().render(**kwargs)
        if isinstance(outfile, str | bytes | PathLike):
            write_atomic(Path(os.fsdecode(outfile)), page)
            return
        outfile.write(page.encode("utf-8"))
        if close_file:
            outfile.close()
