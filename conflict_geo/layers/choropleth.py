"""Events or deaths per first-level division (province), as a choropleth.

The provinces are the admin-1 polygons shipped with conflict_geo; an event
counts in the province that contains its point. Points are grouped by exact
coordinates first (events repeat places), so a million events cost a few
thousand point-in-polygon tests. The layer is a plain :class:`folium.GeoJson`
with a tooltip; class breaks are quantiles, coloured with ColorBrewer's YlOrRd
(sequential, readable with colour-blindness).
"""

from __future__ import annotations

import html
from typing import Any

import folium
import numpy as np
import pandas as pd
import shapely

__all__ = ["CHOROPLETH_COLORS", "choropleth_layer", "province_totals"]

#: ColorBrewer YlOrRd, 5 classes (light = few).
CHOROPLETH_COLORS: tuple[str, ...] = (
    "#ffffb2",
    "#fecc5c",
    "#fd8d3c",
    "#f03b20",
    "#bd0026",
)


def province_totals(events: pd.DataFrame, value: str = "events") -> pd.DataFrame:
    """Return the admin-1 polygons with the events (or deaths) inside them.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with ``lat``/``lon`` (or ``_lat``/``_lon`` placements).
    value : {"events", "fatalities"}, default "events"
        What is summed.

    Returns
    -------
    geopandas.GeoDataFrame
        Provinces with a non-zero ``value`` column, largest first.
    """
    from conflict_geo.places.boundaries import admin1_areas

    lat = events["_lat" if "_lat" in events else "lat"].to_numpy(
        "float64", na_value=np.nan
    )
    lon = events["_lon" if "_lon" in events else "lon"].to_numpy(
        "float64", na_value=np.nan
    )
    if value == "fatalities" and "fatalities" in events:
        weight = events["fatalities"].to_numpy("float64", na_value=np.nan)
    else:
        weight = np.ones(len(lat))
    ok = np.isfinite(lat) & np.isfinite(lon) & np.isfinite(weight)
    places = (
        pd.DataFrame({"lat": lat[ok], "lon": lon[ok], "w": weight[ok]})
        .groupby(["lat", "lon"], sort=False)["w"]
        .sum()
        .reset_index()
    )
    areas = admin1_areas()
    points = shapely.points(places["lon"].to_numpy(), places["lat"].to_numpy())
    hit_point, hit_area = areas.sindex.query(points, predicate="within")
    first = pd.Series(hit_area).groupby(hit_point).first()  # one province a point
    sums = np.bincount(
        first.to_numpy(),
        weights=places["w"].to_numpy()[first.index],
        minlength=len(areas),
    )
    out = areas.assign(value=sums)
    return out.loc[out["value"] > 0].sort_values("value", ascending=False)


def _classes(values: np.ndarray) -> np.ndarray:
    """Quantile class (0-4) of each value."""
    if len(values) < 2:
        return np.full(len(values), len(CHOROPLETH_COLORS) - 1)
    edges = np.quantile(values, np.linspace(0, 1, len(CHOROPLETH_COLORS) + 1)[1:-1])
    return np.searchsorted(edges, values, side="right")


def choropleth_layer(
    events: pd.DataFrame,
    *,
    value: str = "events",
    name: str | None = None,
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    simplify: float = 0.01,
) -> folium.GeoJson:
    """Build a choropleth of events or fatalities by first-level division.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with coordinates (see :func:`province_totals`).
    value : {"events", "fatalities"}, default "events"
        What the colours count.
    name : str, optional
        Name in the layer control ("Events by province" by default).
    show, overlay, control : bool
        As for folium layers.
    simplify : float, default 0.01
        Outline simplification tolerance in degrees.

    Returns
    -------
    folium.GeoJson
        With a tooltip naming the province and its total.

    Raises
    ------
    ValueError
        For an unknown ``value``.
    """
    if value not in ("events", "fatalities"):
        raise ValueError(f"value must be 'events' or 'fatalities', not {value!r}")
    label = "Events" if value == "events" else "Killed"
    totals = province_totals(events, value)
    classes = _classes(totals["value"].to_numpy())
    frame = pd.DataFrame(
        {
            # Leaflet tooltips are HTML: escape the names.
            "province": [html.escape(str(n)) for n in totals["name"]],
            "total": totals["value"].round().astype("int64").map("{:,}".format),
            "fill": [CHOROPLETH_COLORS[c] for c in classes],
        }
    )
    geoms = shapely.simplify(totals.geometry.to_numpy(), simplify)
    import geopandas

    shapes = geopandas.GeoDataFrame(frame, geometry=geoms, crs=4326)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return {
            "fillColor": feature["properties"]["fill"],
            "fillOpacity": 0.6,
            "color": "#7a3b00",
            "weight": 0.8,
        }

    return folium.GeoJson(
        shapes,
        name=name or f"{label} by province",
        show=show,
        overlay=overlay,
        control=control,
        style_function=style,
        tooltip=folium.GeoJsonTooltip(
            fields=["province", "total"], aliases=["Province", label]
        ),
    )
