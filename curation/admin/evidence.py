"""The evidence links' own list, under the review rules of the entries they belong to."""

from django.contrib import admin

from curation.revisions import ReviewedChangesMixin
from evidence.admin import ExternalEvidenceLinkAdmin
from evidence.models import ExternalEvidenceLink
from interventions.models import Intervention

admin.site.unregister(ExternalEvidenceLink)


@admin.register(ExternalEvidenceLink)
class ReviewedExternalEvidenceLinkAdmin(ReviewedChangesMixin, ExternalEvidenceLinkAdmin):
    def live_entries(self, obj):
        return Intervention.objects.published().filter(pk=obj.intervention_id)
