/* conflict_geo map controls: title, notes, legend, unmapped report, time slider,
 * fullscreen and minimap. Every label is written with textContent. */
(function (root) {
  "use strict";
  var L = root.L;
  var cg = root.conflictGeo;
  if (!cg || cg.controlsVersion) {
    return;
  }
  cg.controlsVersion = 1;
  var el = cg.el;

  function control(position, build) {
    var Ctl = L.Control.extend({
      options: { position: position },
      onAdd: function (map) {
        var box = build(map);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Ctl();
  }

  /* ------------------------------------------------------------ title and note */
  cg.title = function (map, cfg) {
    return control(cfg.position || "topleft", function () {
      var box = el("div", "cg-box cg-title");
      box.appendChild(el("div", "cg-title-main", cfg.title));
      if (cfg.subtitle) {
        box.appendChild(el("div", "cg-title-sub", cfg.subtitle));
      }
      return box;
    }).addTo(map);
  };

  cg.note = function (map, cfg) {
    return control(cfg.position || "topright", function () {
      var box = el("div", "cg-box cg-note", cfg.text);
      box.setAttribute("role", "status");
      return box;
    }).addTo(map);
  };

  /* ------------------------------------------------------------ legend */
  function swatch(item) {
    var c = document.createElement("canvas");
    var dpr = root.devicePixelRatio || 1;
    var w = Math.max(28, Math.ceil(2 * (item.r || 0) + 4));
    var h = Math.max(20, Math.ceil(2 * (item.r || 0) + 4));
    c.width = w * dpr;
    c.height = h * dpr;
    c.style.width = w + "px";
    c.style.height = h + "px";
    c.className = "cg-swatch";
    var ctx = c.getContext("2d");
    ctx.scale(dpr, dpr);
    ctx.translate((w - 28) / 2, (h - 20) / 2);
    var color = item.color || "#666";
    ctx.lineWidth = 1.5;
    if (item.kind === "area" || item.kind === "zone") {
      ctx.beginPath();
      ctx.rect(3, 3, 22, 14);
      ctx.globalAlpha = item.kind === "zone" ? 0.45 : 0.12;
      ctx.fillStyle = item.hatch ? cg.hatch(ctx, item.hatch) : color;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.setLineDash(item.dash ? [4, 3] : []);
      ctx.strokeStyle = item.hatch ? item.hatch[0] : color;
      ctx.stroke();
    } else if (item.kind === "ring") {
      ctx.beginPath();
      ctx.arc(14, 10, 8, 0, 2 * Math.PI);
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = color;
      ctx.stroke();
    } else if (item.kind === "line") {
      ctx.beginPath();
      ctx.moveTo(2, 10);
      ctx.lineTo(20, 10);
      ctx.setLineDash(item.dash ? [5, 3] : []);
      ctx.lineWidth = 3;
      ctx.strokeStyle = color;
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(26, 10);
      ctx.lineTo(19, 6);
      ctx.lineTo(19, 14);
      ctx.closePath();
      ctx.fillStyle = color;
      ctx.fill();
    } else {
      ctx.beginPath();
      cg.shapePath(ctx, item.shape || "circle", 14, 10, item.r || 6);
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = item.dash ? color : "#fff";
      ctx.setLineDash(item.dash ? [3, 2] : []);
      ctx.stroke();
    }
    return c;
  }

  /* ------------------------------------------------------------ small screens */
  /* Below this map width the legend starts closed, the layer list behind its
   * button and the minimap hidden (conflict_geo.css), so the map and the time
   * slider stay visible on a phone. */
  var SMALL = 600;
  cg.small = function (map) {
    return map.getSize().x < SMALL;
  };

  function collapseLayerLists(map) {
    var boxes = map.getContainer().querySelectorAll(".leaflet-control-layers-expanded");
    Array.prototype.forEach.call(boxes, function (box) {
      box.classList.remove("leaflet-control-layers-expanded");
      var toggle = box.querySelector(".leaflet-control-layers-toggle");
      if (toggle && !toggle._cgBound) {
        toggle._cgBound = true;
        /* Leaflet expands the list when its button takes focus; open it on a
         * click too, and close it on a click on the map. */
        L.DomEvent.on(toggle, "click", function (e) {
          L.DomEvent.preventDefault(e);
          box.classList.add("leaflet-control-layers-expanded");
        });
        map.on("click", function () {
          box.classList.remove("leaflet-control-layers-expanded");
        });
      }
    });
  }

  cg.responsive = function (map) {
    if (map._cgResponsive) {
      return;
    }
    map._cgResponsive = true;
    map.getContainer().classList.toggle("cg-small", cg.small(map));
    /* layer controls are added after ours: collapse them once the page is built */
    root.addEventListener("load", function () {
      if (cg.small(map)) {
        collapseLayerLists(map);
      }
    });
    map.on("resize", function () {
      map.getContainer().classList.toggle("cg-small", cg.small(map));
    });
  };

  cg.legend = function (map, cfg) {
    cg.responsive(map);
    return control(cfg.position || "bottomright", function () {
      var box = el("details", "cg-box cg-legend");
      box.open = cfg.open !== false && !cg.small(map);
      box.appendChild(el("summary", "cg-legend-title", cfg.title || "Legend"));
      (cfg.sections || []).forEach(function (section) {
        var sec = el("div", "cg-legend-section");
        sec.appendChild(el("div", "cg-legend-head", section.title));
        section.items.forEach(function (item) {
          var row = el("div", "cg-legend-item");
          row.appendChild(swatch(item));
          row.appendChild(el("span", "cg-legend-label", item.label));
          if (item.count !== undefined && item.count !== null) {
            /* fused incidents: "(5 incidents from 12 reports)" */
            var told = item.reports
              ? " incident" + (item.count > 1 ? "s" : "") + " from " + item.reports + " reports"
              : "";
            var counted = "(" + item.count + told + (item.rollups
              ? " + " + item.rollups + " roll-up" + (item.rollups > 1 ? "s" : "") : "") + ")";
            row.appendChild(el("span", "cg-legend-count", counted));
          }
          sec.appendChild(row);
        });
        box.appendChild(sec);
      });
      return box;
    }).addTo(map);
  };

  /* ------------------------------------------------------------ unmapped report */
  cg.unmapped = function (map, cfg) {
    return control(cfg.position || "bottomleft", function () {
      var box = el("details", "cg-box cg-unmapped");
      box.appendChild(el("summary", null, "Not on the map (" + cfg.count + ")"));
      var list = el("ol", "cg-unmapped-list");
      cfg.rows.forEach(function (row) {
        var li = el("li");
        li.appendChild(el("span", "cg-unmapped-what", row.what));
        li.appendChild(el("span", "cg-unmapped-reason", row.reason));
        if (row.text) {
          li.appendChild(el("span", "cg-unmapped-text", row.text));
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      if (cfg.count > cfg.rows.length) {
        box.appendChild(el("div", "cg-unmapped-more", "and " + (cfg.count - cfg.rows.length) + " more"));
      }
      return box;
    }).addTo(map);
  };

  /* ------------------------------------------------------------ time slider */
  cg.timeSlider = function (map, cfg) {
    cg.responsive(map);
    return control(cfg.position || "bottomleft", function () {
      var box = el("div", "cg-box cg-time");
      box.appendChild(el("div", "cg-time-title", cfg.title || "Dates"));
      var label = el("div", "cg-time-label");
      var lo = el("input", "cg-time-lo");
      var hi = el("input", "cg-time-hi");
      [lo, hi].forEach(function (input, k) {
        input.type = "range";
        input.min = cfg.min;
        input.max = cfg.max;
        input.step = 1;
        input.value = k === 0 ? cfg.min : cfg.max;
        input.setAttribute("aria-label", k === 0 ? "from date" : "to date");
        box.appendChild(input);
      });
      box.appendChild(label);
      if (cfg.undated) {
        box.appendChild(el("div", "cg-time-note", cfg.undated + " undated events always shown"));
      }
      function update() {
        var a = Math.min(+lo.value, +hi.value);
        var b = Math.max(+lo.value, +hi.value);
        label.textContent = cg.formatDay(a) + " \u2013 " + cg.formatDay(b);
        var full = a <= cfg.min && b >= cfg.max;
        cg.setTimeRange(full ? null : a, b);
      }
      lo.addEventListener("input", update);
      hi.addEventListener("input", update);
      cg.setTimeWindow = function (a, b) {
        lo.value = a;
        hi.value = b;
        update();
      };
      label.textContent = cg.formatDay(cfg.min) + " \u2013 " + cg.formatDay(cfg.max);
      return box;
    }).addTo(map);
  };

  /* ------------------------------------------------------------ zoom band */
  /* Hide a layer's canvas from zoom cfg.below on (density layers give way to
   * the point layers there), keeping it in the layer control. */
  cg.zoomBand = function (layer, cfg) {
    function apply() {
      var map = layer._map;
      if (map && layer._canvas) {
        layer._canvas.style.display = map.getZoom() >= cfg.below ? "none" : "";
      }
    }
    function bind() {
      layer._map.on("zoomend", apply);
      apply();
    }
    layer.on("add", bind);
    layer.on("remove", function (e) {
      e.target._map && e.target._map.off("zoomend", apply);
    });
    if (layer._map) {
      bind();
    }
    return layer;
  };

  /* ------------------------------------------------------------ pane band */
  /* Draw a layer of markers (a marker cluster) in a pane of its own, made when
   * the layer is first added, and hide the pane from zoom cfg.below on (the
   * point layers take over there), keeping the layer in the layer control. */
  cg.paneBand = function (layer, cfg) {
    var onAdd = layer.onAdd;
    var onRemove = layer.onRemove;
    function apply() {
      var map = layer._map;
      if (map) {
        var hide = cfg.below !== null && map.getZoom() >= cfg.below;
        map.getPane(cfg.pane).style.display = hide ? "none" : "";
      }
    }
    layer.onAdd = function (map) {
      if (!map.getPane(cfg.pane)) {
        map.createPane(cfg.pane).style.zIndex = cfg.zIndex;
      }
      onAdd.call(this, map);
      map.on("zoomend", apply);
      apply();
    };
    layer.onRemove = function (map) {
      map.off("zoomend", apply);
      onRemove.call(this, map);
    };
    return layer;
  };

  /* ------------------------------------------------------------ fullscreen */
  cg.fullscreen = function (map, cfg) {
    return control(cfg.position || "topleft", function () {
      var box = el("div", "leaflet-bar cg-fullscreen");
      var a = el("a", "cg-fullscreen-button");
      a.appendChild(el("span", "cg-fullscreen-icon"));
      a.href = "#";
      a.title = "Full screen";
      a.setAttribute("role", "button");
      box.appendChild(a);
      var container = map.getContainer();
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e);
        var doc = document;
        if (doc.fullscreenElement) {
          doc.exitFullscreen();
        } else if (container.requestFullscreen) {
          container.requestFullscreen().catch(function () {
            container.classList.toggle("cg-pseudo-fullscreen");
            map.invalidateSize();
          });
        } else {
          container.classList.toggle("cg-pseudo-fullscreen");
          map.invalidateSize();
        }
      });
      document.addEventListener("fullscreenchange", function () {
        map.invalidateSize();
      });
      return box;
    }).addTo(map);
  };

  /* ------------------------------------------------------------ minimap */
  cg.miniMap = function (map, cfg, basemap) {
    cg.responsive(map);
    return control(cfg.position || "bottomleft", function () {
      var box = el("div", "cg-box cg-minimap");
      var mini = null;
      var rect = null;
      function sync() {
        if (!mini) {
          return;
        }
        mini.setView(map.getCenter(), Math.max(0, map.getZoom() - (cfg.zoomOffset || 5)), { animate: false });
        rect.setBounds(map.getBounds());
      }
      root.setTimeout(function () {
        mini = L.map(box, {
          attributionControl: false,
          zoomControl: false,
          dragging: false,
          scrollWheelZoom: false,
          doubleClickZoom: false,
          boxZoom: false,
          keyboard: false,
          touchZoom: false
        });
        if (cfg.tiles) {
          L.tileLayer(cfg.tiles.url, cfg.tiles.options || {}).addTo(mini);
        } else if (basemap) {
          cg.canvasLayer(basemap.payload, L.extend({}, basemap.options, { interactive: false, labels: false })).addTo(mini);
        }
        rect = L.rectangle(map.getBounds(), { weight: 1.5, color: "#c0392b", fillOpacity: 0.1, interactive: false }).addTo(mini);
        mini.on("click", function (e) {
          map.panTo(e.latlng);
        });
        sync();
      }, 0);
      map.on("moveend", sync);
      return box;
    }).addTo(map);
  };
})(window);
