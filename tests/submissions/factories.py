from itertools import count

from interventions.models import Force, Purpose, Theme
from submissions.models import Submission, SubmissionKind

_sequence = count(1)


def make_submission(purposes=(), themes=(), **fields):
    number = next(_sequence)
    defaults = {
        "kind": SubmissionKind.NEW_PRACTICE,
        "submitter_name": f"Submitter {number}",
        "submitter_role": "Inspector",
        "submitter_email": f"submitter{number}@example.org",
        "force": Force.objects.get(slug="dorset"),
        "intervention_name": f"Shared practice {number}",
        "what_it_does": "Mentors meet young people in custody.",
        "target_group": "Young people in custody",
        "where_it_runs": "Dorset",
        "consent_to_contact": True,
    }
    submission = Submission.objects.save_with_reference(Submission(**{**defaults, **fields}))
    submission.purposes.set(Purpose.objects.filter(slug__in=purposes))
    submission.themes.set(Theme.objects.filter(slug__in=themes))
    return submission
