"""The registers beside the cards (REGISTERS.md): technologies, projects, bodies, certificates,
programme and documents under ``registers/``.

:mod:`.validate` reads and checks each file (the same loader, codes and report as the cards),
:mod:`.checks` the references across files and the date rules, :mod:`.dates` the day of the
build in Tehran. The models are :mod:`site_gen.model.registers`.
"""

from __future__ import annotations

#: The register folder of a catalogue.
TOP = "registers"
#: Each register type: its folder under ``registers/`` and the depth of its files
#: (``registers/projects/<agency>/<slug>.yaml`` is 4 parts, the others 3).
TYPES: dict[str, int] = {
    "technologies": 3,
    "projects": 4,
    "bodies": 3,
    "certificates": 3,
    "programme": 3,
    "documents": 3,
}
