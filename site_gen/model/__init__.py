"""The pydantic models of the card format, one module per record type.

``vocab`` holds every enumeration with its Persian label; ``types`` the scalar types.
"""

from .agency import Agency
from .licence import Action, Inquiry, Licence
from .service import Service

__all__ = ["Action", "Agency", "Inquiry", "Licence", "Service"]
