"""Who may do what in the curation admin, as data.

`python manage.py setup_roles` makes each group hold exactly these permissions. A new app adds
its models here, to the roles that should reach them.

Editors add and change entries and send them for review; they neither publish nor delete.
The rows an entry is made of (partner roles, funding lines, citations) are edited inline with
it, so removing a wrong row is part of changing the entry and editors may do it.
Curators can do everything editors can, and also publish, unpublish, delete, look after the
reference vocabulary (forces, themes, purposes, settings) and see the data-quality report.
"""

VIEW = ("view",)
EDIT = ("view", "add", "change")
EDIT_AND_DELETE = ("view", "add", "change", "delete")

EDITOR = {
    "interventions.intervention": EDIT,
    "interventions.partnerrole": EDIT_AND_DELETE,
    "interventions.funding": EDIT_AND_DELETE,
    "interventions.sourcecitation": EDIT_AND_DELETE,
    "interventions.organisation": EDIT,
    "interventions.sourcedocument": EDIT,
    "interventions.force": VIEW,
    "interventions.theme": VIEW,
    "interventions.purpose": VIEW,
    "interventions.setting": VIEW,
    "evaluations.evaluationreport": EDIT,
    "evaluations.outcomemetric": EDIT,
    "evaluations.seminarsession": EDIT,
    "evidence.externalevidencelink": EDIT,
}

CURATOR = {
    **dict.fromkeys(EDITOR, EDIT_AND_DELETE),
    "interventions.intervention": (*EDIT_AND_DELETE, "publish"),
}
# Permissions that are not about one model's rows.
CURATOR_EXTRA = ["interventions.view_data_quality"]

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
