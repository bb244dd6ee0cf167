"""Plain models behind the widgets: all the logic, no ipywidgets, tested on their own."""

from .venn import VennModel, venn_svg

__all__ = ["VennModel", "venn_svg"]
