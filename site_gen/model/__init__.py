"""The pydantic models of the card format, one module per record type.

``vocab`` holds every enumeration with its Persian label; ``types`` the scalar types. The model
classes are imported on first use, so that ``vocab`` alone does not load pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .agency import Agency
    from .licence import Action, Inquiry, Licence
    from .service import Service

__all__ = ["Action", "Agency", "Inquiry", "Licence", "Service"]


def __getattr__(name: str) -> Any:
    if name == "Agency":
        from .agency import Agency

        return Agency
    if name in ("Action", "Inquiry", "Licence"):
        from . import licence

        return getattr(licence, name)
    if name == "Service":
        from .service import Service

        return Service
    raise AttributeError(name)
