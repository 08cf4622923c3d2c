"""casenotes: privacy-safe need indicators from children's social care case notes.

Stages, each a plain function or class over text and records:
``casenotes.redact`` (personal data out), ``casenotes.extract`` (factors, needs, services in).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
