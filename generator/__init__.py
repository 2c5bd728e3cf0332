"""docgen: assemble legal agreements from YAML term sheets and Jinja2 templates."""

from generator.errors import GeneratorError
from generator.model import Document

__all__ = ["Document", "GeneratorError"]
__version__ = "0.1.0"
