"""``python -m xkit`` runs the ``xkit`` command line."""

from xkit.cli import main

main()
