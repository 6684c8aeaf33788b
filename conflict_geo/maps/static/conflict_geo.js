/* conflict_geo runtime: compact columnar event layers drawn on one canvas each.
 *
 * Data arrive as columnar JSON (see conflict_geo/layers/compact.py), either as a
 * literal or as a binary container (conflict_geo/layers/container.py) in base64
 * gzip members ("gz:...,..."), whose numeric columns are little-endian typed
 * arrays, viewed here without parsing. Every text shown to the user is written
 * with textContent: event text is untrusted.
 */
(function (root) {
  "use strict";
  if (root.conflictGeo && root.conflictGeo.version) {
    return;
  }
  var L = root.L;
  var cg = (root.conflictGeo = { version: 1, layers: [], pending: 0, errors: [] });
  root.__conflictGeoReady = false;

  /* ---------------------------------------------------------------- ready flag */
  function settle() {
    if (cg.pending === 0 && !root.__conflictGeoReady && cg.loaded) {
      root.__conflictGeoReady = true;
      root.__conflictGeoReadyAt = root.performance ? root.performance.now() : null;
      root.dispatchEvent(new Event("conflictgeo:ready"));
    }
  }
  root.addEventListener("load", function () {
    cg.loaded = true;
    settle();
  });
  cg.fail = function (err) {
    cg.errors.push(String(err && err.message ? err.message : err));
    if (root.console) {
      root.console.error("conflict_geo:", err);
    }
  };

  /* ---------------------------------------------------------------- decoding */
  var decoder = null;

  function base64Bytes(text) {
    if (root.Uint8Array.fromBase64) {
      return root.Uint8Array.fromBase64(text);
    }
    var bin = root.atob(text);
    var n = bin.length;
    var out = new Uint8Array(n);
    for (var i = 0; i < n; i++) {
      out[i] = bin.charCodeAt(i);
    }
    return out;
  }

  /* The binary container (see conflict_geo/layers/compact.py): "CGB1", the
   * header length (uint32 LE), the JSON header, then 8-byte aligned chunks. */
  function unpack(buffer) {
    var size = new DataView(buffer).getUint32(4, true);
    decoder = decoder || new root.TextDecoder();
    var data = JSON.parse(decoder.decode(new Uint8Array(buffer, 8, size)));
    data.buffer = buffer;
    data.base = (8 + size + 7) & ~7;
    return data;
  }

  function inflate(text) {
    var bytes = base64Bytes(text);
    /* An in-memory stream: a Blob would round-trip through the browser
     * process, which delays small payloads by seconds on a busy machine. */
    var source = new root.ReadableStream({
      start: function (controller) {
        controller.enqueue(bytes);
        controller.close();
      }
    });
    var stream = source.pipeThrough(new root.DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  /* "gz:<base64>,<base64>...": gzip members of one container, in order. */
  cg.loadPayload = function (payload) {
    if (typeof payload !== "string") {
      return Promise.resolve(payload);
    }
    var members = payload.slice(payload.indexOf(":") + 1).split(",");
    return Promise.all(members.map(inflate)).then(function (parts) {
      if (parts.length === 1) {
        return unpack(parts[0]);
      }
      var size = parts.reduce(function (sum, part) {
        return sum + part.byteLength;
      }, 0);
      var joined = new Uint8Array(size);
      var at = 0;
      parts.forEach(function (part) {
        joined.set(new Uint8Array(part), at);
        at += part.byteLength;
      });
      return unpack(joined.buffer);
    });
  };

  var TYPED = {
    u8: root.Uint8Array,
    i8: root.Int8Array,
    u16: root.Uint16Array,
    i16: root.Int16Array,
    i32: root.Int32Array,
    f64: root.Float64Array
  };
  var MISSING = { u8: 255, i8: -128, u16: 65535, i16: -32768, i32: -2147483648 };

  /* A column's array: a JSON list, a constant or a typed array viewing the
   * container (no copy). */
  function columnData(d, n, data, strings) {
    if (!d || !d.t) {
      return d;
    }
    if (d.t === "k") {
      var out = strings ? new Int32Array(n) : new Float64Array(n);
      out.fill(d.v === null ? NaN : d.v);
      return out;
    }
    return new TYPED[d.t](data.buffer, data.base + d.o, n);
  }

  /* A list of strings: a JSON list or UTF-8 text joined by a separator. */
  function textList(ref, data) {
    if (!ref || ref.t !== "str") {
      return ref;
    }
    if (!ref.c) {
      return [];
    }
    decoder = decoder || new root.TextDecoder();
    return decoder.decode(new Uint8Array(data.buffer, data.base + ref.o, ref.l)).split(ref.p);
  }

  /* A decoded column: {s: true, keys, idx} for strings, {v} otherwise. */
  function decodeColumn(col, n, data) {
    var i;
    data = data || {};
    if (col.e === "r") {
      var texts = textList(col.d, data);
      if (col.d && col.d.t) {
        for (i = 0; i < texts.length; i++) {
          if (texts[i] === "") {
            texts[i] = null;
          }
        }
      }
      return { s: false, v: texts };
    }
    if (col.e === "s") {
      return { s: true, keys: textList(col.k, data), idx: columnData(col.d, n, data, true) };
    }
    var d = columnData(col.d, n, data, false);
    var v = new Float64Array(n);
    var scale = col.s || 1;
    var miss = col.d && col.d.t ? MISSING[col.d.t] : null;
    var x;
    if (col.z) {
      var acc = col.b || 0;
      for (i = 0; i < n; i++) {
        acc += d[i];
        v[i] = acc / scale;
      }
      return { s: false, v: v };
    }
    for (i = 0; i < n; i++) {
      x = d[i];
      v[i] = x === null || x === miss || x !== x ? NaN : x / scale;
    }
    return { s: false, v: v };
  }

  cg.value = function (column, i) {
    if (!column) {
      return null;
    }
    if (column.s) {
      var k = column.idx[i];
      return k < 0 ? null : column.keys[k];
    }
    var x = column.v[i];
    return typeof x === "number" && isNaN(x) ? null : x;
  };

  cg.formatDay = function (day) {
    if (day === null || day === undefined || isNaN(day)) {
      return "";
    }
    return new Date(day * 86400000).toISOString().slice(0, 10);
  };

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  /* A date at its precision: "October 2021", "2021", "week of 2021-10-04",
   * "2021-10-04 → 2021-10-06" or "2021-10-04". */
  cg.formatWhen = function (day, span, precision) {
    if (day === null || day === undefined || isNaN(day)) {
      return "";
    }
    var first = cg.formatDay(day);
    var last = span ? cg.formatDay(day + span) : first;
    if (precision === "year" && first.slice(5) === "01-01" && last.slice(5) === "12-31") {
      return first.slice(0, 4) + (last.slice(0, 4) !== first.slice(0, 4) ? "–" + last.slice(0, 4) : "");
    }
    if (precision === "month" && first.slice(8) === "01" && last.slice(0, 7) === first.slice(0, 7)) {
      return MONTHS[+first.slice(5, 7) - 1] + " " + first.slice(0, 4);
    }
    if (precision === "week" && span === 6) {
      return "week of " + first;
    }
    return last === first ? first : first + " → " + last;
  };

  function decodeRing(flat, scale) {
    var n = flat.length / 2;
    var out = new Float64Array(flat.length);
    var x = 0;
    var y = 0;
    var proj = L.CRS.EPSG3857;
    for (var i = 0; i < n; i++) {
      x += flat[2 * i];
      y += flat[2 * i + 1];
      var p = proj.latLngToPoint(L.latLng(y / scale, x / scale), 0);
      out[2 * i] = p.x;
      out[2 * i + 1] = p.y;
    }
    return out;
  }

  /* geoms: [[polygon rings...]...] -> {rings: [Float64Array], box: [x0,y0,x1,y1]} */
  function decodeGeoms(list, scale) {
    return (list || []).map(function (parts) {
      var rings = [];
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      parts.forEach(function (part) {
        part.forEach(function (flat, k) {
          var ring = decodeRing(flat, scale);
          ring.hole = k > 0;
          rings.push(ring);
          for (var i = 0; i < ring.length; i += 2) {
            box[0] = Math.min(box[0], ring[i]);
            box[1] = Math.min(box[1], ring[i + 1]);
            box[2] = Math.max(box[2], ring[i]);
            box[3] = Math.max(box[3], ring[i + 1]);
          }
        });
      });
      return { rings: rings, box: box };
    });
  }

  /* ---------------------------------------------------------------- shapes */
  /* Shapes end on their first vertex instead of calling closePath(), which
   * makes Chromium's path building quadratic on thousands of subpaths. */
  cg.shapePath = function (ctx, shape, x, y, r) {
    var i;
    var a;
    switch (shape) {
      case "square":
        ctx.moveTo(x - r * 0.85, y - r * 0.85);
        ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
        break;
      case "triangle":
        ctx.moveTo(x, y - r * 1.1);
        ctx.lineTo(x + r, y + r * 0.75);
        ctx.lineTo(x - r, y + r * 0.75);
        ctx.lineTo(x, y - r * 1.1);
        break;
      case "diamond":
        ctx.moveTo(x, y - r * 1.15);
        ctx.lineTo(x + r * 1.15, y);
        ctx.lineTo(x, y + r * 1.15);
        ctx.lineTo(x - r * 1.15, y);
        ctx.lineTo(x, y - r * 1.15);
        break;
      case "star":
        for (i = 0; i <= 10; i++) {
          a = -Math.PI / 2 + (i * Math.PI) / 5;
          var rr = i % 2 === 0 ? r * 1.25 : r * 0.55;
          if (i === 0) {
            ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
          } else {
            ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
          }
        }
        break;
      case "hexagon":
        for (i = 0; i <= 6; i++) {
          a = (i * Math.PI) / 3;
          if (i === 0) {
            ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
          } else {
            ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
          }
        }
        break;
      default:
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  };

  cg.hatch = function (ctx, colors) {
    var c = document.createElement("canvas");
    c.width = c.height = 12;
    var g = c.getContext("2d");
    g.lineWidth = 3;
    [-12, 0, 12].forEach(function (off, k) {
      g.strokeStyle = colors[k % colors.length];
      g.beginPath();
      g.moveTo(off, 12);
      g.lineTo(off + 12, 0);
      g.stroke();
    });
    return ctx.createPattern(c, "repeat");
  };

  /* ---------------------------------------------------------------- popups */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) {
      node.className = cls;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }
  cg.el = el;

  function rowPopup(layer, i) {
    var cfg = layer.options.popup || {};
    var cols = layer.cols;
    var box = el("div", "cg-row");
    var title = (cfg.title || [])
      .map(function (name) {
        return cg.value(cols[name], i);
      })
      .filter(function (x) {
        return x !== null && x !== "";
      });
    box.appendChild(el("div", "cg-row-title", title.join(" \u2014 ") || layer.options.title));
    var table = el("table", "cg-row-fields");
    (cfg.fields || []).forEach(function (field) {
      var value = cg.value(cols[field[1]], i);
      if (field[2] === "when") {
        value = cg.formatWhen(value, cg.value(cols.span, i), cg.value(cols.date_precision, i));
      } else if (field[2] === "day") {
        value = cg.formatDay(value);
        var end = cg.formatDay(cg.value(cols[field[1] + "_end"], i));
        if (end && end !== value) {
          value += " \u2192 " + end;
        }
      }
      if (value === null || value === "") {
        return;
      }
      var label = field[0];
      if (field[3]) {
        /* a label by row: "Side A|Side B" for UCDP's dyad sides */
        var roles = cg.value(cols[field[3]], i);
        label = roles ? roles.split("|")[field[4]] || label : label;
      }
      var tr = el("tr");
      tr.appendChild(el("th", null, label));
      tr.appendChild(el("td", null, value));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (cfg.text) {
      var text = cg.value(cols[cfg.text], i);
      if (text) {
        box.appendChild(el("blockquote", "cg-row-text", text));
      }
    }
    return box;
  }

  function openPopup(map, latlng, hits) {
    var shown = hits.slice(0, 5);
    var box = el("div", "cg-popup");
    if (hits.length > 1) {
      box.appendChild(el("div", "cg-popup-count", hits.length + " items here"));
    }
    shown.forEach(function (hit) {
      box.appendChild(rowPopup(hit.layer, hit.i));
    });
    if (hits.length > shown.length) {
      box.appendChild(el("div", "cg-popup-more", "and " + (hits.length - shown.length) + " more"));
    }
    L.popup({ maxWidth: 360, maxHeight: 320, className: "cg-leaflet-popup" })
      .setLatLng(latlng)
      .setContent(box)
      .openOn(map);
  }

  function mapLayers(map) {
    return cg.layers.filter(function (layer) {
      return layer._map === map && layer.ready && layer.options.interactive !== false;
    });
  }

  function hitsAt(map, point) {
    var hits = [];
    mapLayers(map).forEach(function (layer) {
      hits = hits.concat(layer.hitTest(point));
    });
    if (!hits.length) {
      return hits;
    }
    var best = Math.min.apply(
      null,
      hits.map(function (h) {
        return h.prio;
      })
    );
    return hits
      .filter(function (h) {
        return h.prio === best;
      })
      .sort(function (a, b) {
        return a.dist - b.dist;
      });
  }

  function bindMap(map) {
    if (map._cgBound) {
      return;
    }
    map._cgBound = true;
    map.on("click", function (e) {
      var hits = hitsAt(map, e.containerPoint);
      if (hits.length) {
        openPopup(map, e.latlng, hits);
      }
    });
    var frame = null;
    map.on("mousemove", function (e) {
      if (frame) {
        return;
      }
      frame = root.requestAnimationFrame(function () {
        frame = null;
        map.getContainer().classList.toggle("cg-pointer", hitsAt(map, e.containerPoint).length > 0);
      });
    });
  }

  /* ---------------------------------------------------------------- time filter */
  cg.timeRange = null;
  cg.setTimeRange = function (lo, hi) {
    cg.timeRange = lo === null ? null : [lo, hi];
    cg.layers.forEach(function (layer) {
      if (layer._map && layer.ready) {
        layer.redraw();
      }
    });
  };

  cg.settle = settle;
  cg.decodeColumn = decodeColumn;
  cg.decodeGeoms = decodeGeoms;
  cg.bindMap = bindMap;
})(window);
