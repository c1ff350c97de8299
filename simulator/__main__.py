"""`python -m simulator` runs the same command line as `parley`."""

from simulator.cli import main

raise SystemExit(main())
