"""Load the package's Jinja templates and static JS/CSS files.

Templates live in ``conflict_geo/maps/templates`` and static files in
``conflict_geo/maps/static``; both ship as package data and are read with
:mod:`importlib.resources`, so nothing is fetched at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from folium.template import Template

__all__ = ["escape_json", "js_literal", "load_template", "read_static", "safe_script"]


@cache
def _read(folder: str, name: str) -> str:
    # Resolved from the top package so that conflict_geo.maps is not imported
    # here (it imports the layers).
    path = resources.files("conflict_geo").joinpath("maps", folder, name)
    return path.read_text("utf-8")


def read_static(name: str) -> str:
    """Return the text of a file in ``conflict_geo/maps/static``.

    Parameters
    ----------
    name : str
        File name, e.g. ``"conflict_geo.css"``.

    Returns
    -------
    str
        The file content.
    """
    return _read("static", name)


def load_template(name: str) -> Template:
    """Return the folium :class:`~folium.template.Template` stored in ``name``.

    Parameters
    ----------
    name : str
        File name in ``conflict_geo/maps/templates``.

    Returns
    -------
    folium.template.Template
        A Jinja template with folium's filters (``tojson``, ``tojavascript``).
    """
    return Template(_read("templates", name))


_JS_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def js_literal(value: Any) -> str:
    r"""Serialise ``value`` as JSON that is safe inside an HTML ``<script>``.

    ``<``, ``>``, ``&`` and the JavaScript line terminators U+2028/U+2029 are
    written as ``\\uXXXX`` escapes, so untrusted text can neither close the
    script element nor break the JavaScript parser. Non-ASCII text is kept as
    UTF-8 to keep the file small.

    Parameters
    ----------
    value : object
        Anything :func:`json.dumps` accepts; NaN is refused.

    Returns
    -------
    str
        A JavaScript expression.

    Examples
    --------
    >>> print(js_literal({"t": "</script><b>"}))
    {"t":"\u003c/script\u003e\u003cb\u003e"}
    """
    return escape_json(
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    )


def escape_json(text: str) -> str:
    r"""Escape JSON text for a ``<script>`` element (see :func:`js_literal`).

    Parameters
    ----------
    text : str
        Valid JSON.

    Returns
    -------
    str
        The same JSON value with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped.

    Examples
    --------
    >>> print(escape_json('"a&b"'))
    "a\u0026b"
    """
    # Chained str.replace is much faster than str.translate on large payloads.
    for char, escaped in _JS_ESCAPES.items():
        text = text.replace(chr(char), escaped)
    return text


def safe_script(code: str) -> str:
    r"""Make trusted JavaScript safe to inline in a ``<script>`` element.

    Parameters
    ----------
    code : str
        JavaScript source (a vendored library or our own runtime).

    Returns
    -------
    str
        ``code`` with every ``</script`` written as ``<\\/script``.
    """
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
