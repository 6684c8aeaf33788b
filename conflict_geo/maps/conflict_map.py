"""The :class:`ConflictMap` builder: events, zones and places on one folium map."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import folium
import pandas as pd

from conflict_geo.exc import InputError, RenderError
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.bases import bases_layer
from conflict_geo.layers.choropleth import choropleth_layer
from conflict_geo.layers.clashes import clashes_layer
from conflict_geo.layers.cluster import cluster_layer
from conflict_geo.layers.control import control_layer
from conflict_geo.layers.density import DENSITY_UNTIL_ZOOM, density_layer
from conflict_geo.layers.offensives import offensives_layer
from conflict_geo.layers.places import places_layer
from conflict_geo.layers.strikes import strikes_layer
from conflict_geo.layers.style import style_keys, type_label
from conflict_geo.layers.table import EventTable
from conflict_geo.layers.zones import control_zones, read_zones
from conflict_geo.maps.basemap import (
    DARK,
    REGION_BOUNDS,
    basemap_layers,
    first_basemap,
    tile_layer,
    vector_basemap,
)
from conflict_geo.maps.controls import Fullscreen, MiniMap, Note, Title, UnmappedPanel
from conflict_geo.maps.export import to_png, unmapped_csv_text, write_atomic
from conflict_geo.maps.folium_map import OWN_CONTROL, ConflictFoliumMap
from conflict_geo.maps.legend import Legend, legend_sections, view_sections
from conflict_geo.maps.timeslider import time_slider

__all__ = ["DENSITY_AUTO_EVENTS", "ConflictMap", "UNMAPPED_PANEL_ROWS"]

#: At most this many unmapped events are listed in the HTML panel.
UNMAPPED_PANEL_ROWS = 200
#: Deepest zoom of the map.
MAX_ZOOM = 18
#: ``density=None`` adds density layers from this many drawn events on: below
#: it the points themselves read well at every zoom.
DENSITY_AUTO_EVENTS = 20_000
_EVENT_BUILDERS = (strikes_layer, offensives_layer, bases_layer, clashes_layer)


def _concat(frames: Any, what: str) -> pd.DataFrame | None:
    if frames is None:
        return None
    if isinstance(frames, pd.DataFrame):
        return frames
    if isinstance(frames, Sequence) and not isinstance(frames, str | bytes):
        parts = [f for f in frames if f is not None]
        if not parts:
            return None
        if all(isinstance(f, pd.DataFrame) for f in parts):
            parts = [p for p in parts if len(p)] or parts[:1]
            return pd.concat(parts, ignore_index=True)
    raise InputError(f"{what} must be a (Geo)DataFrame or a list of them")


def _wgs84(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """Return ``frame`` in EPSG:4326 (GeoDataFrames in another CRS are converted)."""
    crs = getattr(frame, "crs", None)
    if crs is not None and crs.to_epsg() != 4326:
        return frame.to_crs(4326)
    return frame


def _as_events(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """Accept a GeoDataFrame, or a plain DataFrame with ``lat``/``lon`` columns.

    A plain DataFrame's columns of the event schema are kept (others are not
    drawn) and its points made from ``lat``/``lon``; without those columns it
    is an InputError naming what is missing. Coordinates outside WGS84 ranges
    are refused with a hint about the CRS.
    """
    import geopandas

    from conflict_geo.events.io import CRS_HINT
    from conflict_geo.events.schema import EVENT_COLUMNS, events_frame

    if frame is None:
        return None
    if "event_type" not in frame.columns:
        raise InputError("events have no 'event_type' column")
    if not isinstance(frame, geopandas.GeoDataFrame):
        missing = [c for c in ("lat", "lon") if c not in frame.columns]
        if missing:
            raise InputError(
                "events: a plain DataFrame needs 'lat' and 'lon' columns (degrees, "
                f"WGS84) or a geometry (use a GeoDataFrame); missing {missing}, "
                f"got columns {list(frame.columns)[:12]}"
            )
        keep = [c for c in frame.columns if c in EVENT_COLUMNS]
        records = frame[keep].astype(object).where(frame[keep].notna(), None)
        frame = events_frame(records.to_dict("records"))
    if "lat" in frame.columns and "lon" in frame.columns:
        lat = pd.to_numeric(frame["lat"], errors="coerce")
        lon = pd.to_numeric(frame["lon"], errors="coerce")
        bad = (lat.abs() > 90) | (lon.abs() > 180)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(
                f"events: row {row + 1} has lat {lat.iloc[row]}, lon {lon.iloc[row]}, "
                f"outside WGS84 ranges; {CRS_HINT}"
            )
    return frame


def _bounds_union(bounds: list) -> list | None:
    boxes = [b for b in bounds if b and None not in b[0] and None not in b[1]]
    if not boxes:
        return None
    return [
        [min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)],
        [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)],
    ]


def _label(row: Mapping[str, Any], style: str) -> str:
    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None or pd.isna(value) else str(value)

    kind = type_label(style)
    date = row.get("date")
    when = (
        "" if date is None or pd.isna(date) else pd.Timestamp(date).date().isoformat()
    )
    parts = [kind, text("place") or "unknown place", when, text("event_id")]
    return " — ".join(p for p in parts if p)


class ConflictMap:
    """A map of conflict events, control zones and places.

    Parameters
    ----------
    events : GeoDataFrame or list of GeoDataFrame, optional
        Event tables in the event schema
        (:func:`~conflict_geo.events.schema.events_frame`).
    zones : GeoDataFrame, str or path-like, optional
        User control zones (``actor`` + polygon), or a GeoJSON file of them.
    places : GeoDataFrame, optional
        Geocoded places (``name``, ``kind``, geometry) for a context layer.
    title, subtitle : str, optional
        Shown in a box on the map (and as the page title).
    basemap : str, xyzservices.TileProvider or list of them, optional
        Tiles for online maps: one basemap, or several offered as a switcher
        in the layer control (the first shown). By default the keyless
        :data:`~conflict_geo.maps.basemap.BASEMAPS`, grey first; ``"dark"`` is
        a dark basemap (online and offline). A URL template or a local folder
        template works too. Offline maps draw vector outlines instead.
    offline : bool, default False
        Build a self-contained map that loads nothing from the network.
    fuse : bool, default False
        Draw one marker per incident: the reports of one incident across
        documents and datasets are fused first
        (:func:`~conflict_geo.incidents.fuse.fuse`); popups say "reported by
        4 dispatches: 16 → 22 → 26 → 35 killed" and legends count incidents.
    derive_zones : bool, default True
        Turn control claims into estimated zones.
    zone_radius_km : float, default 30.0
        Reach of a zone estimated around a claimed place.
    actor_colors : mapping, optional
        Fixed zone colours for some actors.
    density : bool, optional
        Heat layers (one per event layer) below zoom ``density_until_zoom``,
        the points and their popups from there on. By default only from
        :data:`DENSITY_AUTO_EVENTS` drawn events.
    density_weight : {"events", "fatalities"}, default "events"
        What the heat counts.
    density_until_zoom : int, default 9
        Zoom from which the points replace the density layers and clusters.
    cluster : bool, default False
        Also add the events as clustered markers (for tens of thousands),
        shown below zoom ``density_until_zoom``, the points from there on.
    choropleth : {"events", "fatalities"}, optional
        Also add a choropleth of events or deaths by first-level division.
    legend, time_slider, minimap, fullscreen, layer_control : bool
        Which controls to add (the time slider only when events span dates).
    width, height : str or int
        Map size, as for :class:`folium.Map`.

    Examples
    --------
    >>> from conflict_geo.events.schema import events_frame
    >>> cmap = ConflictMap(events_frame([{"event_type": "strike", "lat": 35.6,
    ...                                   "lon": 36.6, "fatalities": 3}]))
    >>> list(cmap.layers)
    ['Strikes & shelling']
    >>> len(cmap.unmapped)
    0
    """

    def __init__(
        self,
        events: Any = None,
        *,
        zones: Any = None,
        places: pd.DataFrame | None = None,
        title: str | None = None,
        subtitle: str | None = None,
        basemap: Any = None,
        offline: bool = False,
        fuse: bool = False,
        derive_zones: bool = True,
        zone_radius_km: float = 30.0,
        actor_colors: Mapping[str, str] | None = None,
        density: bool | None = None,
        density_weight: str = "events",
        density_until_zoom: int = DENSITY_UNTIL_ZOOM,
        cluster: bool = False,
        choropleth: str | None = None,
        legend: bool = True,
        time_slider: bool = True,
        minimap: bool = True,
        fullscreen: bool = True,
        layer_control: bool = True,
        width: str | int = "100%",
        height: str | int = "100%",
    ) -> None:
        from conflict_geo.events.schema import empty_events

        frame = _as_events(_wgs84(_concat(events, "events")))
        if fuse and frame is not None:
            from conflict_geo.incidents.fuse import fuse as fuse_reports

            frame = fuse_reports(frame)
        self.events = empty_events() if frame is None else frame
        if "event_type" not in self.events:
            raise InputError("events have no 'event_type' column")
        if isinstance(zones, str | PathLike):
            zones = read_zones(zones)
        self.user_zones = _wgs84(_concat(zones, "zones"))
        self.places = _wgs84(places)
        self.title = title
        self.subtitle = subtitle
        self.basemap = basemap
        self.offline = bool(offline)
        self.derive_zones = derive_zones
        self.zone_radius_km = zone_radius_km
        self.actor_colors = dict(actor_colors or {})
        self.options = {
            "legend": legend,
            "time_slider": time_slider,
            "minimap": minimap,
            "fullscreen": fullscreen,
            "layer_control": layer_control,
            "width": width,
            "height": height,
        }
        self._areas = AreaLookup()
        self._build_layers()
        if density is None:
            density = self.n_mapped >= DENSITY_AUTO_EVENTS
        self.density_until_zoom = density_until_zoom if density else None
        #: Zoom from which the point layers are drawn (None: at every zoom).
        self.points_from_zoom = density_until_zoom if density or cluster else None
        self._view_args = (density, density_weight, density_until_zoom)
        self._view_args += (cluster, choropleth)
        self.views = self._make_views(*self._view_args)
        self._map: folium.Map | None = None

    # ------------------------------------------------------------------ layers
    def _build_layers(self) -> None:
        events = self.events
        table = EventTable(events)  # columns converted once for every layer
        self.event_layers = [
            b(events, areas=self._areas, table=table) for b in _EVENT_BUILDERS
        ]
        unmapped = [layer.unmapped for layer in self.event_layers]
        zone_parts = []
        if self.derive_zones:
            derived = control_zones(
                events, radius_km=self.zone_radius_km, areas=self._areas
            )
            unmapped.append(pd.DataFrame(derived.attrs.pop("unmapped", [])))
            zone_parts.append(derived)
        else:
            claims = events["event_type"].astype("string") == "control_change"
            if claims.any():
                skipped = events.loc[claims.to_numpy()].copy()
                skipped["reason"] = "control claim not drawn (derive_zones=False)"
                unmapped.append(skipped)
        if self.user_zones is not None:
            zone_parts.append(self.user_zones)
        zone_parts = [z for z in zone_parts if len(z)]
        self.zones = pd.concat(zone_parts, ignore_index=True) if zone_parts else None
        self.zone_layer = (
            control_layer(self.zones, colors=self.actor_colors)
            if self.zones is not None
            else None
        )
        self.places_layer = (
            places_layer(self.places)
            if self.places is not None and len(self.places)
            else None
        )
        parts = [
            u.drop(columns="geometry", errors="ignore") for u in unmapped if len(u)
        ]
        self.unmapped = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame(columns=[*events.columns.drop("geometry"), "reason"])
        ).drop(columns="geometry", errors="ignore")

    def _make_views(
        self,
        density: bool,
        weight: str,
        until_zoom: int,
        cluster: bool,
        choropleth: str | None,
    ) -> list[folium.map.Layer]:
        """Density, cluster and choropleth views of the drawn events."""
        drawn = [layer for layer in self.event_layers if layer.n]
        views: list[folium.map.Layer] = []
        for layer in drawn if density or cluster else ():
            layer.options["minZoom"] = until_zoom  # heat or clusters below
        if density:
            weights = ("fatalities",) if weight == "fatalities" else ()
            for layer in drawn:
                style = layer.legend[0] if layer.legend else {}
                views.append(
                    density_layer(
                        layer.points(weights),
                        weight=weight,
                        name=f"{layer.title}: density",
                        color=style.get("color"),
                        until_zoom=until_zoom,
                    )
                )
        if not drawn or not (choropleth or cluster):
            return views
        wanted = ("fatalities", "event_type", "sub_type", "place", "date")
        frame = pd.concat([layer.points(wanted) for layer in drawn], ignore_index=True)
        if choropleth:
            views.append(choropleth_layer(frame, value=choropleth))
        if cluster:
            views.append(cluster_layer(frame, until_zoom=until_zoom))
        return views

    @property
    def layers(self) -> dict[str, CanvasLayer]:
        """The non-empty layers, by name, in drawing order (bottom first)."""
        out: dict[str, CanvasLayer] = {}
        for layer in (self.zone_layer, self.places_layer, *self.event_layers):
            if layer is not None and layer.n:
                out[layer.title] = layer
        return out

    @property
    def n_mapped(self) -> int:
        """Number of events drawn."""
        return sum(layer.n for layer in self.event_layers)

    # ------------------------------------------------------------------ folium
    def _bounds(self) -> list | None:
        return _bounds_union([layer.bounds for layer in self.layers.values()])

    def _build(self, offline: bool, fresh: bool = False) -> folium.Map:
        opts = self.options
        m = ConflictFoliumMap(
            offline=offline,
            location=None,
            tiles=None,
            control_scale=True,
            prefer_canvas=True,
            width=opts["width"],
            height=opts["height"],
        )
        # Without tiles Leaflet knows no zoom limit; some plugins need one
        # (Leaflet.markercluster), and an overview zoomed past 18 shows nothing.
        m.options.setdefault("max_zoom", MAX_ZOOM)
        figure = m.get_root()
        if self.title:
            figure.title = html.escape(self.title)
        bounds = self._bounds()
        basemap = None
        tiles = []
        if offline:
            dark = first_basemap(self.basemap) == DARK
            basemap = vector_basemap(bounds or REGION_BOUNDS, dark=dark)
            basemap.add_to(m)
        else:
            tiles = basemap_layers(self.basemap)
            for layer in tiles:
                layer.add_to(m)
        canvas = list(self.layers.values())
        events = [layer for layer in canvas if layer in self.event_layers]
        for layer in [c for c in canvas if c not in events]:
            (layer.copy() if fresh else layer).add_to(m)
        views = self._make_views(*self._view_args) if fresh else self.views
        for view in views:  # below the points
            view.add_to(m)
        for layer in events:
            (layer.copy() if fresh else layer).add_to(m)
        if opts["layer_control"] and (self.layers or len(tiles) > 1):
            control = folium.LayerControl(collapsed=False, position="topright")
            setattr(control, OWN_CONTROL, True)
            control.add_to(m)
        self._add_controls(m, basemap)
        m.fit_bounds(bounds or REGION_BOUNDS, padding=(40, 40), max_zoom=10)
        return m

    def _add_controls(self, m: folium.Map, basemap: CanvasLayer | None) -> None:
        opts = self.options
        if self.title:
            Title(self.title, self.subtitle).add_to(m)
        if self.n_mapped == 0 and self.zone_layer is None:
            Note("No events to show").add_to(m)
        if len(self.unmapped):
            head = self.unmapped.head(UNMAPPED_PANEL_ROWS)
            rows = head.to_dict("records")
            panel = [
                {
                    "what": _label(r, style),
                    "reason": str(r.get("reason") or ""),
                    "text": str(r.get("sentence") or "")[:300]
                    if not pd.isna(r.get("sentence"))
                    else "",
                }
                for r, style in zip(rows, style_keys(head), strict=True)
            ]
            UnmappedPanel(panel, count=len(self.unmapped)).add_to(m)
        if opts["time_slider"]:
            slider = time_slider(self.event_layers)
            if slider is not None:
                slider.add_to(m)
        if opts["legend"]:
            sections = legend_sections(
                [layer for layer in self.event_layers if layer.n],
                self.zone_layer,
                self.places_layer,
            )
            cluster = self.points_from_zoom if self._view_args[3] else None
            sections += view_sections(self.density_until_zoom, cluster)
            if sections:
                Legend(sections).add_to(m)
        if opts["fullscreen"]:
            Fullscreen().add_to(m)
        if opts["minimap"]:
            if basemap is not None:
                MiniMap(basemap=basemap).add_to(m)
            else:
                tiles = tile_layer(first_basemap(self.basemap))
                MiniMap(
                    tiles={"url": tiles.tiles, "options": {"attribution": ""}}
                ).add_to(m)

    @property
    def map(self) -> folium.Map:
        """The folium map (built once; customise it freely before saving)."""
        if self._map is None:
            self._map = self._build(self.offline)
        return self._map

    def to_folium(self) -> folium.Map:
        """Return :attr:`map`, the folium map.

        Returns
        -------
        folium.Map
        """
        return self.map

    def _repr_html_(self) -> str:
        return self.map._repr_html_()

    def to_html(self, offline: bool | None = None) -> str:
        """Render the map as a standalone HTML page.

        Parameters
        ----------
        offline : bool, optional
            Defaults to the map's own mode. Asking for the other mode renders
            a fresh map from the inputs (customisations of :attr:`map` are not
            carried over).

        Returns
        -------
        str
        """
        offline = self.offline if offline is None else bool(offline)
        if offline == self.offline:
            m = self.map
        else:
            m = self._build(offline, fresh=self._map is not None)
        return m.get_root().render()

    def save(
        self,
        path: str | PathLike[str],
        offline: bool | None = None,
        png: str | PathLike[str] | None = None,
        *,
        unmapped_csv: bool = False,
    ) -> Path:
        """Write the map to an HTML file atomically (and optionally a PNG).

        Parameters
        ----------
        path : str or path-like
            HTML file to write.
        offline : bool, optional
            Self-contained HTML with no network access (see :meth:`to_html`).
        png : str or path-like, optional
            Also render a PNG screenshot there (needs Chromium and Playwright).
        unmapped_csv : bool, default False
            Also write ``<stem>_unmapped.csv`` next to the HTML when some events
            are not on the map.

        Returns
        -------
        pathlib.Path
            The HTML file.
        """
        target = Path(path)
        if target.is_dir():
            raise RenderError(f"{target} is a folder; give the map a file name")
        if not target.parent.is_dir():
            raise RenderError(
                f"cannot write {target}: {target.parent} is not a folder (create it)"
            )
        page = self.to_html(offline)
        csv = target.with_name(f"{target.stem}_unmapped.csv")
        if unmapped_csv and len(self.unmapped):
            write_atomic(csv, unmapped_csv_text(self.unmapped))
        elif unmapped_csv:
            try:  # left by an earlier run of other input: it would mislead
                csv.unlink(missing_ok=True)
            except OSError as err:
                raise RenderError(f"cannot remove {csv}: {err.strerror}") from None
        target = write_atomic(target, page)
        if png is not None:
            to_png(target, png)
        return target
