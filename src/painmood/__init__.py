"""Shared code of the course "Pain and Mood".

Chapters start with a hidden cell ``import painmood; painmood.setup_notebook()``.
"""

from painmood.figures import setup_notebook

__all__ = ["setup_notebook"]
