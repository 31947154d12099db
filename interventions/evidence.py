"""What each evidence stage means, in words a practitioner can act on."""

from dataclasses import dataclass

from interventions.models import EvidenceStage, Verdict

EXPLANATIONS = {
    EvidenceStage.UNTESTED: (
        "New, or not yet tested. No evaluation has been published, so nobody can yet say "
        "whether it works."
    ),
    EvidenceStage.FEASIBILITY_PENDING: (
        "A feasibility study is planned or under way to find out whether it can be "
        "evaluated properly. There are no results yet."
    ),
    EvidenceStage.EARLY_OUTCOMES: (
        "The people running it have reported early results, such as how many people took "
        "part or short-term changes, but no evaluation has tested those results."
    ),
    EvidenceStage.LOCALLY_EVALUATED: (
        "Evaluated by or for the local area, for example by the force, a partner or a local "
        "university. Useful findings, though the evaluation may not be independent or compare "
        "against a similar group that did not take part."
    ),
    EvidenceStage.INDEPENDENTLY_EVALUATED: (
        "Evaluated by an independent team, with a published report. This is the strongest "
        "evidence the catalogue records; how far it shows the intervention works depends on "
        "the evaluation's method, described in the report."
    ),
}


@dataclass(frozen=True)
class EvidenceStep:
    value: str
    label: str
    explanation: str
    number: int
    is_current: bool
    is_reached: bool


def evidence_steps(current):
    """The five stages from least to most evidence, marking the entry's own stage."""
    current_rank = EvidenceStage.rank_of(current)
    return [
        EvidenceStep(
            value=value,
            label=label,
            explanation=EXPLANATIONS[value],
            number=rank + 1,
            is_current=rank == current_rank,
            is_reached=rank <= current_rank,
        )
        for rank, (value, label) in enumerate(EvidenceStage.choices)
    ]


def explanation_of(stage):
    return EXPLANATIONS[stage]


VERDICT_EXPLANATIONS = {
    Verdict.REDUCED_HARM: (
        "An evaluation found less violence or harm among those it reached, or where it ran. "
        "We give this verdict only when an evaluation compared them with a similar group that "
        "did not take part (Maryland level 3 or above), or else we say plainly that it rests "
        "on self-reported before-and-after figures."
    ),
    Verdict.MIXED: (
        "The evaluations found no clear change, or improvement on some measures and none or "
        "worse on others."
    ),
    Verdict.INCREASED_HARM: (
        "An evaluation found more violence or harm among those it reached, or where it ran."
    ),
    Verdict.NOT_YET_KNOWN: (
        "No evaluation has measured an effect on violence or harm, or we have not yet "
        "summarised what it found. We never guess: an entry with no rating says so."
    ),
}


def verdict_explanations():
    """The verdicts, strongest claim first, each with what it means."""
    return [(value, label, VERDICT_EXPLANATIONS[value]) for value, label in Verdict.choices]
