"""Map layers: one small builder per layer, each returning a folium layer.

Every builder takes ``name``, ``show``, ``overlay`` and ``control`` like folium's
own layers and returns a layer the user can add to any folium map: a
:class:`~conflict_geo.layers.base.CanvasLayer`, or for the density, cluster and
choropleth views folium's own ``HeatMap``, ``FastMarkerCluster`` and ``GeoJson``.
"""

from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.bases import bases_layer
from conflict_geo.layers.choropleth import choropleth_layer
from conflict_geo.layers.clashes import clashes_layer
from conflict_geo.layers.cluster import cluster_layer
from conflict_geo.layers.control import control_layer
from conflict_geo.layers.density import density_layer
from conflict_geo.layers.offensives import offensives_layer
from conflict_geo.layers.places import places_layer
from conflict_geo.layers.strikes import strikes_layer
from conflict_geo.layers.zones import control_zones, read_zones

__all__ = [
    "CanvasLayer",
    "bases_layer",
    "choropleth_layer",
    "clashes_layer",
    "cluster_layer",
    "control_layer",
    "control_zones",
    "density_layer",
    "offensives_layer",
    "places_layer",
    "read_zones",
    "strikes_layer",
]
