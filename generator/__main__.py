"""``python -m generator`` runs the ``docgen`` command."""

from generator.cli import run

run()
