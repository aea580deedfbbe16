"""Front desk console for Iconic Skin Clinic."""

__version__ = "0.1.0"
