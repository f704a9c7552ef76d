"""The group lifecycle: the pure evaluation (``evaluation``), the daily job that applies it (``job``), and the stage
changes staff make and the checklist leaders read (``stages``)."""

from ...models.lifecycle import METRIC_LABELS
from .evaluation import (
    CORE,
    GROWING,
    NEW,
    NEXT_STAGE,
    PREVIOUS_STAGE,
    STAGE_ORDER,
    Check,
    Decision,
    History,
    Outcome,
    checks,
    decide,
    direction_of,
    evaluate,
    open_proposals,
    proposal_held_until,
    thresholds,
)
from .job import RunReport, run_evaluation
from .stages import Progress, decide_proposal, progress_for, set_stage, set_stage_by_hand

__all__ = [
    "CORE",
    "GROWING",
    "METRIC_LABELS",
    "NEW",
    "NEXT_STAGE",
    "PREVIOUS_STAGE",
    "STAGE_ORDER",
    "Check",
    "Decision",
    "History",
    "Outcome",
    "Progress",
    "RunReport",
    "checks",
    "decide",
    "decide_proposal",
    "direction_of",
    "evaluate",
    "open_proposals",
    "progress_for",
    "proposal_held_until",
    "run_evaluation",
    "set_stage",
    "set_stage_by_hand",
    "thresholds",
]
