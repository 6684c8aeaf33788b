"""Map layers: small builders returning folium objects."""
