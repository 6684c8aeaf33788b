/* conflict_geo: the marker of a clustered event (the callback of a cluster
 * layer, a function expression). row = [lat, lon, colour, label]; the label is
 * shown as text. The marker is drawn in the pane of its cluster layer. */
function (row, pane) {
  var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
    radius: 6,
    color: "#ffffff",
    weight: 1,
    fillColor: row[2],
    fillOpacity: 0.9,
    pane: pane
  });
  var box = document.createElement("div");
  box.className = "cg-popup";
  box.textContent = row[3];
  marker.bindPopup(box);
  return marker;
}
