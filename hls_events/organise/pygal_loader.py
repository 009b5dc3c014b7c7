"""pygal, imported once for the desk's charts (organise/charts.py).

pygal puts a finder for its map plugins (unused here) on the import path that predates
``find_spec``: Python then warns on every later import it is asked about. It is taken off again
straight after pygal loads, before anything else is imported.
"""

import sys

import pygal
from pygal.style import Style

sys.meta_path[:] = [
    finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"
]

__all__ = ["Style", "pygal"]
