"""A staff-only preview of any entry, drafts included, on the public detail template."""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from catalogue.views import InterventionDetailView
from interventions.roles import MissingPermission


@method_decorator(never_cache, name="dispatch")
class InterventionPreviewView(InterventionDetailView):
    template_name = "admin/interventions/intervention_preview.html"

    def dispatch(self, request, *args, **kwargs):
        # A 404, not a sign-in page, so the address tells outsiders nothing.
        user = request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        if not user.has_perm("interventions.view_intervention"):
            raise MissingPermission("interventions.view_intervention")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # The public page's queryset with its prefetching, less its "published only" filter.
        queryset = super().get_queryset().all()
        queryset.query.where = type(queryset.query.where)()
        return queryset
