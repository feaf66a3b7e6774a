"""The registers beside the cards (REGISTERS.md): technologies, projects, bodies, certificates,
programme and documents under ``registers/``.

:mod:`.validate` reads and checks each file (the same loader, codes and report as the cards),
:mod:`.checks` the references across files and the date rules, :mod:`.dates` the day of the
build in Tehran. The models are :mod:`site_gen.model.registers`.
"""

from __future__ import annotations

import re

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

#: The agency that keeps the registers (REGISTERS.md, "maintained by"): bodies, certificates,
#: the programme and the documents are its; technologies and projects are each agency's own.
REGISTRY_OWNER = "ito"


def owner_of(rel: str) -> str | None:
    """The agency that owns a register file (``None``: not a register file's place)."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != TOP or parts[1] not in TYPES or len(parts) != TYPES[parts[1]]:
        return None
    if parts[1] == "technologies":
        return parts[2][:-5] if parts[2].endswith(".yaml") else parts[2]
    if parts[1] == "projects":
        return parts[2]
    return REGISTRY_OWNER


def codeowners_lines(owners: dict[str, list[str]], reviewers: str) -> list[str]:
    """The CODEOWNERS lines of ``registers/`` (the last matching line wins: the registry's
    owner first, then each agency's technologies and projects)."""
    def who(agency: str) -> str:
        return " ".join([*owners.get(agency, []), reviewers])

    lines = [
        f"\n# The registers (REGISTERS.md): the registry's owner ({REGISTRY_OWNER}) keeps bodies, certificates,\n"
        "# the programme and the documents; each agency its own technologies and projects.\n",
        f"/{TOP}/ {who(REGISTRY_OWNER)}\n",
    ]
    for agency in sorted(owners):
        lines.append(f"/{TOP}/technologies/{agency}.yaml {who(agency)}\n/{TOP}/projects/{agency}/ {who(agency)}\n")
    return lines


def certificate_slug(number: str) -> str:
    """The slug form of a certificate number (its file name): lower case, every run of other
    characters one «-» (``PPP-1405/0001`` → ``ppp-1405-0001``)."""
    return "-".join(p for p in re.split(r"[^a-z0-9]+", number.lower()) if p)
