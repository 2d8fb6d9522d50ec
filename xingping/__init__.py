"""Xingping (行评): democratic appraisal of government and industry conduct."""

__version__ = "0.1.0"
