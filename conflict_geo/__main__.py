"""Run the command line: ``python -m conflict_geo``."""

from conflict_geo.cli import main

raise SystemExit(main())
