"""A curator's own choices, set on their desk: whether the curators' digest is emailed to them.

Each person changes only their own preferences: the view reads and writes the signed-in user's
row, never one named in the request.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect

from curation.models import StaffPreferences
from interventions.models import may_publish
from interventions.models.workflow import PUBLISH_PERMISSION
from interventions.roles import MissingPermission


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = StaffPreferences
        fields = ["receives_curator_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self["receives_curator_digest"]
        field.field.widget.attrs["aria-describedby"] = f"{field.id_for_label}-help"


def digest_preference_form(user):
    """The desk's form, showing the curator's current choice."""
    return DigestPreferenceForm(instance=StaffPreferences.of(user), prefix="digest")


def digest_preference_view(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_publish(request.user):
        raise MissingPermission(PUBLISH_PERMISSION)
    form = DigestPreferenceForm(
        request.POST, instance=StaffPreferences.of(request.user), prefix="digest"
    )
    # A tick box is either posted or not, so the form is always valid.
    form.is_valid()
    # Not form.save(): two quick posts of a curator who never chose would both insert.
    receives = form.cleaned_data["receives_curator_digest"]
    StaffPreferences.objects.update_or_create(
        user=request.user, defaults={"receives_curator_digest": receives}
    )
    if receives:
        messages.success(request, "You will get the curators' digest by email.")
    else:
        messages.success(
            request,
            "You will no longer get the curators' digest by email. The desk still shows all "
            "the work waiting.",
        )
    return HttpResponseRedirect(form.instance.get_absolute_url())
