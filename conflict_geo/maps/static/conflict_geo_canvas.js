/* conflict_geo canvas layer: draws the decoded rows of one layer on a canvas.
 *
 * Kinds (column "k"): 0 marker, 1 uncertainty ring, 2 area outline (province,
 * country), 3 arrow from origin to target, 4 control zone, 5 basemap outline.
 */
(function (root) {
  "use strict";
  var L = root.L;
  var cg = root.conflictGeo;
  if (!cg || cg.CanvasLayer) {
    return;
  }
  var settle = cg.settle;
  var decodeColumn = cg.decodeColumn;
  var decodeGeoms = cg.decodeGeoms;
  var bindMap = cg.bindMap;

  /* ---------------------------------------------------------------- the layer */
  var KIND_PRIO = { 0: 0, 3: 1, 1: 2, 2: 3, 4: 4 };

  cg.CanvasLayer = L.Layer.extend({
    options: { pane: "overlayPane", interactive: true, padding: 0.25 },

    initialize: function (payload, options) {
      L.setOptions(this, options);
      this.payload = payload;
      this.ready = false;
      this.drawn = 0;
      this.count = 0;
      cg.layers.push(this);
      cg.pending += 1;
      var self = this;
      cg.loadPayload(payload)
        .then(function (data) {
          self._decode(data);
          self.ready = true;
          if (self._map) {
            self.redraw();
          }
        })
        .catch(cg.fail)
        .then(function () {
          cg.pending -= 1;
          settle();
        });
    },

    _decode: function (data) {
      var n = data.n;
      var cols = {};
      Object.keys(data.cols).forEach(function (name) {
        cols[name] = decodeColumn(data.cols[name], n, data);
      });
      this.n = n;
      this.cols = cols;
      this.geoms = decodeGeoms(data.geoms, data.gs || 1e4);
      var proj = L.CRS.EPSG3857;
      var x = new Float64Array(n);
      var y = new Float64Array(n);
      var ox = new Float64Array(n);
      var oy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var p = proj.latLngToPoint(L.latLng(cols.lat.v[i], cols.lon.v[i]), 0);
        x[i] = p.x;
        y[i] = p.y;
        if (cols.olat && !isNaN(cols.olat.v[i])) {
          var q = proj.latLngToPoint(L.latLng(cols.olat.v[i], cols.olon.v[i]), 0);
          ox[i] = q.x;
          oy[i] = q.y;
        } else {
          ox[i] = oy[i] = NaN;
        }
      }
      this.x = x;
      this.y = y;
      this.ox = ox;
      this.oy = oy;
      this.count = n;
      this._styles = this._styleIndex();
    },

    /* Per-row style: colour and shape from the style column, status variants. */
    _styleIndex: function () {
      var st = this.options.style || {};
      var by = this.cols[st.by];
      var out = new Array(this.n);
      var status = this.cols.status;
      for (var i = 0; i < this.n; i++) {
        var key = cg.value(by, i);
        var base = (st.values && st.values[key]) || st.fallback || { color: "#666", shape: "circle" };
        var s = cg.value(status, i);
        var variant = s && st.status ? st.status[s] : null;
        out[i] = variant ? L.extend({}, base, variant) : base;
      }
      return out;
    },

    onAdd: function (map) {
      var pane = this.options.pane;
      if (!map.getPane(pane)) {
        map.createPane(pane).style.zIndex = this.options.zIndex || 350;
      }
      if (this.options.background) {
        map.getContainer().style.background = this.options.background;
      }
      this._canvas = L.DomUtil.create("canvas", "cg-canvas leaflet-zoom-hide");
      this.getPane().appendChild(this._canvas);
      bindMap(map);
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      if (this.ready) {
        this.redraw();
      }
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this.redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      this.drawn = 0;
    },

    visible: function (i) {
      var range = cg.timeRange;
      if (!range || !this.cols.date || this.options.timeless) {
        return true;
      }
      var day = this.cols.date.v[i];
      if (isNaN(day)) {
        return true;
      }
      /* An event covers its span: an event known only to a month, all of it. */
      var span = this.cols.span ? this.cols.span.v[i] : NaN;
      return day <= range[1] && (isNaN(span) ? day : day + span) >= range[0];
    },

    _view: function () {
      var map = this._map;
      var size = map.getSize();
      var pad = this.options.padding;
      var tl = L.point(-size.x * pad, -size.y * pad);
      var zoom = map.getZoom();
      return {
        zoom: zoom,
        scale: Math.pow(2, zoom),
        size: size.multiplyBy(1 + 2 * pad),
        tl: tl,
        origin: map.project(map.containerPointToLatLng(tl), zoom),
        container: map.project(map.containerPointToLatLng([0, 0]), zoom)
      };
    },

    redraw: function () {
      if (!this._map || !this.ready) {
        return this;
      }
      var v = this._view();
      var canvas = this._canvas;
      var dpr = root.devicePixelRatio || 1;
      canvas.width = Math.round(v.size.x * dpr);
      canvas.height = Math.round(v.size.y * dpr);
      canvas.style.width = v.size.x + "px";
      canvas.style.height = v.size.y + "px";
      L.DomUtil.setPosition(canvas, this._map.containerPointToLayerPoint(v.tl));
      var ctx = canvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, v.size.x, v.size.y);
      this._v = v;
      this.drawn = this._drawAll(ctx, v);
      return this;
    },

    _radius: function (i) {
      var r = this.options.radius || {};
      var f = this.cols.fatalities ? this.cols.fatalities.v[i] : NaN;
      if (isNaN(f)) {
        return r.unknown || 5;
      }
      return Math.min(r.max || 28, (r.base || 4) + (r.k || 2.2) * Math.sqrt(f));
    },

    _ringPx: function (i, v) {
      var km = this.cols.rk ? this.cols.rk.v[i] : 0;
      var lat = this.cols.lat.v[i];
      var metersPerPx = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (256 * v.scale);
      return (km * 1000) / metersPerPx;
    },

    _kind: function (i) {
      return this.cols.k ? this.cols.k.v[i] : 0;
    },

    /* Below options.minZoom a density layer stands in for the points. */
    _zoomedOut: function (v) {
      return this.options.minZoom !== undefined && v.zoom < this.options.minZoom;
    },

    _drawAll: function (ctx, v) {
      if (this._zoomedOut(v)) {
        return 0;
      }
      var n = this.n;
      var buckets = {};
      var seen = {};
      var rings = {};
      var order = [];
      var drawn = 0;
      var w = v.size.x;
      var h = v.size.y;
      for (var i = 0; i < n; i++) {
        if (!this.visible(i)) {
          continue;
        }
        var kind = this._kind(i);
        var s = this._styles[i];
        var sx = this.x[i] * v.scale - v.origin.x;
        var sy = this.y[i] * v.scale - v.origin.y;
        if (kind === 2 || kind === 4 || kind === 5) {
          var gi = this.cols.g.v[i];
          var g = this.geoms[gi];
          if (g && this._areaInView(g, v)) {
            /* Many events may name the same province: draw its outline once. */
            var akey = gi + "|" + s.color;
            if (!seen[akey]) {
              seen[akey] = true;
              this._drawArea(ctx, g, s, kind, v);
            }
            drawn += 1;
          }
          continue;
        }
        if (kind === 1) {
          var rp = this._ringPx(i, v);
          if (sx + rp < 0 || sy + rp < 0 || sx - rp > w || sy - rp > h) {
            continue;
          }
          var rkey = Math.round(sx) + "|" + Math.round(sy) + "|" + Math.round(rp) + "|" + s.color;
          if (!seen[rkey]) {
            seen[rkey] = true;
            (rings[s.color] = rings[s.color] || []).push(sx, sy, rp);
          }
          drawn += 1;
          continue;
        }
        var r = this._radius(i);
        var arrow = kind === 3 && !isNaN(this.ox[i]);
        if (arrow) {
          this._drawArrow(ctx, this.ox[i] * v.scale - v.origin.x, this.oy[i] * v.scale - v.origin.y, sx, sy, r, s);
        } else if (sx < -r || sy < -r || sx > w + r || sy > h + r) {
          continue;
        }
        var key = s.color + "|" + s.shape + "|" + (s.dash ? 1 : 0) + "|" + (s.fill || "");
        var bucket = buckets[key];
        if (!bucket) {
          bucket = buckets[key] = { style: s, pts: [], at: new Set() };
          order.push(key);
        }
        /* A bucket is one path filled and stroked once: a marker drawn again
         * at the same place (within 1/4 px) would not change a pixel. */
        var at = -1;
        if (sx >= -r && sy >= -r && sx <= w + r && sy <= h + r) {
          at = (Math.round(sx * 4) + 8192) * 134217728 + (Math.round(sy * 4) + 8192) * 1024 + Math.round(r * 4);
        }
        if (at < 0 || !bucket.at.has(at)) {
          if (at >= 0) {
            bucket.at.add(at);
          }
          bucket.pts.push(sx, sy, r);
        }
        drawn += 1;
      }
      Object.keys(rings).forEach(function (color) {
        this._drawRings(ctx, rings[color], color);
      }, this);
      order.forEach(function (k) {
        var b = buckets[k];
        var st = b.style;
        ctx.beginPath();
        for (var j = 0; j < b.pts.length; j += 3) {
          cg.shapePath(ctx, st.shape, b.pts[j], b.pts[j + 1], b.pts[j + 2]);
        }
        ctx.globalAlpha = st.opacity === undefined ? 0.8 : st.opacity;
        ctx.fillStyle = st.fill || st.color;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.setLineDash(st.dash ? [3, 2] : []);
        ctx.lineWidth = st.dash ? 1.6 : 0.75;
        ctx.strokeStyle = st.dash ? st.color : st.stroke || "rgba(255,255,255,0.8)";
        ctx.stroke();
        ctx.setLineDash([]);
      });
      if (this.options.labels && this.cols.label) {
        this._drawLabels(ctx, v);
      }
      return drawn;
    },

    /* Text labels at the row point, for rows whose "lz" (label min zoom) is reached. */
    _drawLabels: function (ctx, v) {
      var lz = this.cols.lz;
      ctx.font = this.options.labelFont || "11px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.strokeStyle = this.options.labelHalo || "rgba(255,255,255,0.85)";
      ctx.fillStyle = this.options.labelColor || "#555";
      for (var i = 0; i < this.n; i++) {
        var text = cg.value(this.cols.label, i);
        if (!text || (lz && v.zoom < lz.v[i])) {
          continue;
        }
        var sx = this.x[i] * v.scale - v.origin.x;
        var sy = this.y[i] * v.scale - v.origin.y;
        if (sx < 0 || sy < 0 || sx > v.size.x || sy > v.size.y) {
          continue;
        }
        ctx.strokeText(text, sx, sy);
        ctx.fillText(text, sx, sy);
      }
    },

    _areaInView: function (g, v) {
      var b = g.box;
      return !(
        b[2] * v.scale < v.origin.x ||
        b[3] * v.scale < v.origin.y ||
        b[0] * v.scale > v.origin.x + v.size.x ||
        b[1] * v.scale > v.origin.y + v.size.y
      );
    },

    _areaPath: function (ctx, g, v) {
      ctx.beginPath();
      g.rings.forEach(function (ring) {
        for (var j = 0; j < ring.length; j += 2) {
          var px = ring[j] * v.scale - v.origin.x;
          var py = ring[j + 1] * v.scale - v.origin.y;
          if (j === 0) {
            ctx.moveTo(px, py);
          } else {
            ctx.lineTo(px, py);
          }
        }
        ctx.closePath();
      });
    },

    _drawArea: function (ctx, g, s, kind, v) {
      this._areaPath(ctx, g, v);
      if (s.hatch) {
        ctx.globalAlpha = s.fillOpacity === undefined ? 0.55 : s.fillOpacity;
        ctx.fillStyle = cg.hatch(ctx, s.hatch);
        ctx.fill("evenodd");
      } else if (s.fillOpacity !== 0) {
        ctx.globalAlpha = s.fillOpacity === undefined ? (kind === 4 ? 0.3 : 0.04) : s.fillOpacity;
        ctx.fillStyle = s.fill || s.color;
        ctx.fill("evenodd");
      }
      ctx.globalAlpha = s.strokeOpacity === undefined ? 0.9 : s.strokeOpacity;
      ctx.setLineDash(s.areaDash || (kind === 2 ? [6, 4] : []));
      ctx.lineWidth = s.weight || (kind === 4 ? 1.5 : 1.8);
      ctx.strokeStyle = s.stroke || s.color;
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    },

    /* Uncertainty rings of one colour, as one dashed path: fast for thousands. */
    _drawRings: function (ctx, pts, color) {
      var j;
      ctx.beginPath();
      for (j = 0; j < pts.length; j += 3) {
        ctx.moveTo(pts[j] + pts[j + 2], pts[j + 1]);
        ctx.arc(pts[j], pts[j + 1], pts[j + 2], 0, 2 * Math.PI);
      }
      ctx.globalAlpha = 0.75;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = color;
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      ctx.beginPath();
      for (j = 0; j < pts.length; j += 3) {
        ctx.moveTo(pts[j] + 2.5, pts[j + 1]);
        ctx.arc(pts[j], pts[j + 1], 2.5, 0, 2 * Math.PI);
      }
      ctx.fillStyle = color;
      ctx.fill();
    },

    _drawArrow: function (ctx, x0, y0, x1, y1, r, s) {
      var a = Math.atan2(y1 - y0, x1 - x0);
      var tipX = x1 - Math.cos(a) * (r + 2);
      var tipY = y1 - Math.sin(a) * (r + 2);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(tipX, tipY);
      ctx.setLineDash(s.dash ? [8, 6] : []);
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = s.color;
      ctx.globalAlpha = 0.9;
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(tipX, tipY);
      ctx.lineTo(tipX - 14 * Math.cos(a - 0.4), tipY - 14 * Math.sin(a - 0.4));
      ctx.lineTo(tipX - 14 * Math.cos(a + 0.4), tipY - 14 * Math.sin(a + 0.4));
      ctx.closePath();
      ctx.fillStyle = s.color;
      ctx.fill();
      ctx.globalAlpha = 1;
    },

    /* Rows under a container point: [{layer, i, prio, dist}]. */
    hitTest: function (point) {
      var v = this._v;
      if (!v || !this._map || this._zoomedOut(v)) {
        return [];
      }
      var hits = [];
      var shift = v.tl;
      var px = point.x - shift.x;
      var py = point.y - shift.y;
      var wx = (px + v.origin.x) / v.scale;
      var wy = (py + v.origin.y) / v.scale;
      /* Latest rows first: rows of one place are in date order (the payload's
       * drawing order), so a popup lists the latest events first. */
      for (var i = this.n - 1; i >= 0; i--) {
        if (!this.visible(i)) {
          continue;
        }
        var kind = this._kind(i);
        var sx = this.x[i] * v.scale - v.origin.x;
        var sy = this.y[i] * v.scale - v.origin.y;
        var d = Math.sqrt((sx - px) * (sx - px) + (sy - py) * (sy - py));
        var hit = false;
        if (kind === 2 || kind === 4) {
          var g = this.geoms[this.cols.g.v[i]];
          hit = g && inArea(g, wx, wy);
        } else if (kind === 1) {
          hit = d <= this._ringPx(i, v);
        } else {
          hit = d <= this._radius(i) + 3;
          if (!hit && kind === 3 && !isNaN(this.ox[i])) {
            d = segDist(px, py, this.ox[i] * v.scale - v.origin.x, this.oy[i] * v.scale - v.origin.y, sx, sy);
            hit = d <= 5;
          }
        }
        if (hit) {
          hits.push({ layer: this, i: i, prio: KIND_PRIO[kind] || 0, dist: d });
        }
      }
      return hits;
    },

    getBounds: function () {
      return L.latLngBounds(this.options.bounds || []);
    }
  });

  function inArea(g, x, y) {
    var b = g.box;
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) {
      return false;
    }
    var inside = false;
    g.rings.forEach(function (ring) {
      var n = ring.length / 2;
      for (var i = 0, j = n - 1; i < n; j = i++) {
        var xi = ring[2 * i];
        var yi = ring[2 * i + 1];
        var xj = ring[2 * j];
        var yj = ring[2 * j + 1];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    });
    return inside;
  }

  function segDist(px, py, x0, y0, x1, y1) {
    var dx = x1 - x0;
    var dy = y1 - y0;
    var len = dx * dx + dy * dy;
    var t = len ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len)) : 0;
    var qx = x0 + t * dx - px;
    var qy = y0 + t * dy - py;
    return Math.sqrt(qx * qx + qy * qy);
  }

  cg.canvasLayer = function (payload, options) {
    return new cg.CanvasLayer(payload, options);
  };
})(window);
