"""What the dates say, whatever the status says (REGISTERS.md, "Dates tell the truth").

Jalali ``YYYY-MM-DD`` strings compare in date order, so the rules are plain comparisons with
the day of the build (:func:`site_gen.registers.dates.today`). The site shows these, and the
validator warns where they differ from the record's own status.
"""

from __future__ import annotations

from ..model.registers import (
    Body,
    Certificate,
    Milestone,
    ProgrammeProject,
    ProgrammeStatus,
    Project,
    ProjectStatus,
    Standing,
)


def standing(record: Body | Certificate, today: str) -> Standing | None:
    """The standing shown: a ``valid`` record past ``valid_until`` is expired."""
    if record.status is Standing.VALID and record.valid_until is not None and record.valid_until < today:
        return Standing.EXPIRED
    return record.status


def call_closed(project: Project, today: str) -> bool:
    """An open call whose closing day has passed."""
    return project.status is ProjectStatus.OPEN and project.call_closes is not None and project.call_closes < today


def call_open(project: Project, today: str) -> bool:
    """A call open today: status ``open`` and the closing day not passed."""
    return project.status is ProjectStatus.OPEN and not call_closed(project, today)


def overdue(project: ProgrammeProject, today: str) -> list[tuple[int, Milestone]]:
    """The milestones past due and not done."""
    return [(i, m) for i, m in enumerate(project.milestones or []) if m.done is None and m.due < today]


def programme_status(project: ProgrammeProject, today: str) -> ProgrammeStatus | None:
    """The status shown: late when a milestone is past due and not done (unless stopped or done)."""
    if project.status not in (ProgrammeStatus.STOPPED, ProgrammeStatus.DONE) and overdue(project, today):
        return ProgrammeStatus.LATE
    return project.status
