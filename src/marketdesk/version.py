"""The package version, in a leaf module any layer may import (``marketdesk.__version__``)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
