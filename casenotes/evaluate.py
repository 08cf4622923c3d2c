"""Moved to ``casenotes.evaluation``; this name stays so existing imports keep working."""

from casenotes.evaluation import *  # noqa: F401,F403
from casenotes.evaluation import __all__  # noqa: F401
