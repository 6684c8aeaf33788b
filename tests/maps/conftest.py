"""Fixtures of the map tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def browser_context():
    from conflict_geo.maps.export import launch_chromium

    with launch_chromium() as context:
        yield context
