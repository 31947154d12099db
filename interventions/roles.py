"""Who may do what in the curation admin, as data.

`python manage.py setup_roles` makes each group hold exactly these permissions. A new app adds
its models here, to the roles that should reach them.

Editors add and change entries and send them for review; they neither publish nor delete.
The rows an entry is made of (partner roles, funding lines, citations) are edited inline with
it, so removing a wrong row is part of changing the entry and editors may do it.
Curators can do everything editors can, and also publish, unpublish, delete, look after the
reference and search vocabulary (forces, themes, purposes, settings, search words, places)
and see the data-quality report.

Shared practice (the submissions queue). Turning practice into entries is editors' work, so
editors read the queue, keep notes on it and create a draft from a submission. Deciding on a
submission (its status: under review, accepted, declined) is the curators' call, as publishing
is: a draft started by an editor leaves the status for a curator to set. The documents sent
with a submission are downloaded by curators only: they come unscreened from the public, may
name the people an intervention works with or describe tactics the sender asked to keep
private, so the fewer people who open them the better. Curators screen them and add what
belongs in the catalogue as a source document or evaluation report, which editors then use.

The search vocabulary (search words, force abbreviations, places) is extended as readers'
words come to light. It changes what every public search finds and the words the results page
shows ("also searched for", "Did you mean"), at once and with no published state to wait in,
so curators look after it, as they do the themes and forces; editors read it. The list of
single words behind "Did you mean" is derived from it and edited by no one.

Old addresses (retired slugs) are recorded automatically. Editors may look them up, since they
explain why a slug cannot be reused; curators may also delete one, which frees the slug and ends
its redirect.
"""

from django.core.exceptions import PermissionDenied

VIEW = ("view",)
EDIT = ("view", "add", "change")
EDIT_AND_DELETE = ("view", "add", "change", "delete")
# Read the queue and keep notes: the admin's change form is where notes are written.
READ_AND_NOTE = ("view", "change")

EDITOR = {
    "interventions.intervention": EDIT,
    "interventions.partnerrole": EDIT_AND_DELETE,
    "interventions.funding": EDIT_AND_DELETE,
    "interventions.sourcecitation": EDIT_AND_DELETE,
    "interventions.lesson": EDIT_AND_DELETE,
    "interventions.agegroup": EDIT_AND_DELETE,
    "interventions.organisation": EDIT,
    "interventions.sourcedocument": EDIT,
    "interventions.force": VIEW,
    "interventions.theme": VIEW,
    # Listed on the home page beside their source: curators keep the list.
    "interventions.uncataloguedmention": VIEW,
    "interventions.purpose": VIEW,
    "interventions.setting": VIEW,
    "interventions.searchterm": VIEW,
    "interventions.forcealias": VIEW,
    "interventions.place": VIEW,
    "evaluations.evaluationreport": EDIT,
    "evaluations.outcomemetric": EDIT,
    "evaluations.seminarsession": EDIT,
    # Edited inline with its entry, like the entry's other rows.
    "evaluations.evidencerating": EDIT_AND_DELETE,
    "evidence.externalevidencelink": EDIT,
    "submissions.submission": READ_AND_NOTE,
    "api.retiredslug": VIEW,
    # Their own changes to published entries, as they wait for a curator.
    "interventions.pendingrevision": VIEW,
}

CURATOR = {
    **dict.fromkeys(EDITOR, EDIT_AND_DELETE),
    "interventions.intervention": (*EDIT_AND_DELETE, "publish"),
    # Submissions arrive only through the public form and are kept as sent.
    "submissions.submission": (*READ_AND_NOTE, "decide"),
    # Recorded automatically; deleting one is the only change a curator makes.
    "api.retiredslug": ("view", "delete"),
    # Reviewing a change is "change"; revisions are kept as the record of each decision.
    "interventions.pendingrevision": ("view", "change"),
}
# Permissions that are not about one model's rows.
CURATOR_EXTRA = ["interventions.view_data_quality", "submissions.view_submission_file"]

ROLES = {
    "Editor": EDITOR,
    "Curator": CURATOR,
}
EXTRA_PERMISSIONS = {
    "Editor": [],
    "Curator": CURATOR_EXTRA,
}


def permission_names(role):
    """The role's permissions as 'app_label.codename' strings, e.g. 'interventions.add_theme'."""
    names = set(EXTRA_PERMISSIONS.get(role, []))
    for model_label, actions in ROLES[role].items():
        app_label, model_name = model_label.split(".")
        names.update(f"{app_label}.{action}_{model_name}" for action in actions)
    return names


def roles_with(permission):
    """The roles that hold a permission ('app_label.codename'), in the order of ROLES."""
    return [role for role in ROLES if permission in permission_names(role)]


class MissingPermission(PermissionDenied):
    """Refuses a staff page, naming the permissions ('app_label.codename') it needs."""

    def __init__(self, *permissions):
        self.permissions = permissions
        super().__init__("Needs " + ", ".join(permissions))
