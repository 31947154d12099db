from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.validators import slug_re
from django.http import FileResponse, Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from interventions.admin_forbidden import MissingPermission
from interventions.models import Intervention
from submissions import ratelimit
from submissions.emails import send_submission_emails
from submissions.forms import CorrectionForm, SharePracticeForm
from submissions.models import (
    DOWNLOAD_PERMISSION,
    Submission,
    SubmissionFile,
    SubmissionKind,
    may_download_files,
)
from submissions.uploads import FileSizeLimitHandler

CONFIRMATION_SESSION_KEY = "submissions:confirmation"


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _problem_page(request, template, status, **context):
    response = render(request, template, {"mailbox": settings.VKPP_MAILBOX, **context})
    response.status_code = status
    return response


# The form's POST is checked for CSRF in post(), after the size checks: Django's CSRF
# middleware would otherwise read the whole body before anything could refuse it.
@method_decorator(csrf_exempt, name="dispatch")
class SubmissionFormView(FormView):
    """A public form that lands in the curators' queue, guarded against abuse."""

    max_request_bytes = 256 * 1024
    accepts_files = False
    success_url = reverse_lazy("submissions:confirmation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(mailbox=settings.VKPP_MAILBOX, **kwargs)

    def post(self, request, *args, **kwargs):
        if ratelimit.limit_reached(request):
            response = _problem_page(
                request,
                "submissions/rate_limited.html",
                429,
                limit=settings.SUBMISSION_RATE_LIMIT,
            )
            response["Retry-After"] = str(settings.SUBMISSION_RATE_LIMIT_PERIOD)
            return response
        if _declared_length(request) > self.max_request_bytes:
            return self.too_large(request)
        size_guard = FileSizeLimitHandler(request, settings.SUBMISSION_MAX_FILE_BYTES)
        request.upload_handlers.insert(0, size_guard)
        try:
            request.POST  # noqa: B018  (parse the body now, while its errors can be answered)
            request.FILES  # noqa: B018
        except RequestDataTooBig:
            return self.too_large(request)
        except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
            return _problem_page(
                request, "submissions/bad_request.html", 400, form_url=request.path
            )
        self.oversized_file_names = size_guard.oversized_names
        return csrf_protect(self.checked_post)(request, *args, **kwargs)

    def too_large(self, request):
        return _problem_page(
            request,
            "submissions/too_large.html",
            413,
            form_url=request.path,
            accepts_files=self.accepts_files,
            max_files=settings.SUBMISSION_MAX_FILES,
            max_file_bytes=settings.SUBMISSION_MAX_FILE_BYTES,
        )

    def checked_post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_from_a_bot:
            # Looks like success to the bot; nothing is stored or sent.
            ratelimit.count_submission(request)
            return self.confirm(Submission.new_reference(), form.submission_kind)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        submission = form.save()
        ratelimit.count_submission(self.request)
        send_submission_emails(submission, self.request)
        return self.confirm(submission.reference, submission.kind)

    def confirm(self, reference, kind):
        self.request.session[CONFIRMATION_SESSION_KEY] = {"reference": reference, "kind": kind}
        return redirect(self.get_success_url())


class SharePracticeView(SubmissionFormView):
    template_name = "submissions/share_form.html"
    form_class = SharePracticeForm
    max_request_bytes = settings.SUBMISSION_MAX_REQUEST_BYTES
    accepts_files = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            kwargs["oversized_file_names"] = self.oversized_file_names
        return kwargs


class CorrectionView(SubmissionFormView):
    template_name = "submissions/correction_form.html"
    form_class = CorrectionForm

    def requested_entry(self):
        """The published entry named by ?entry=, or None; never says whether a draft exists."""
        slug = self.request.GET.get("entry", "")
        if not slug or len(slug) > 200 or not slug_re.match(slug):
            return None
        return Intervention.objects.published().filter(slug=slug).first()

    def get(self, request, *args, **kwargs):
        self.entry = self.requested_entry()
        self.entry_not_found = bool(request.GET.get("entry")) and self.entry is None
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        entry = getattr(self, "entry", None)
        return {"intervention": entry.slug} if entry else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry_not_found"] = getattr(self, "entry_not_found", False)
        return context


class ConfirmationView(TemplateView):
    template_name = "submissions/confirmation.html"

    def get(self, request, *args, **kwargs):
        confirmation = request.session.get(CONFIRMATION_SESSION_KEY)
        if not confirmation:
            return redirect("submissions:share")
        return self.render_to_response(
            self.get_context_data(
                reference=confirmation["reference"],
                is_correction=confirmation["kind"] == SubmissionKind.CORRECTION,
                mailbox=settings.VKPP_MAILBOX,
            )
        )


@require_GET
def download_file(request, pk):
    """Staff with the download permission get the file; everyone else learns nothing."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (user.is_active and user.is_staff):
        raise Http404
    if not may_download_files(user):
        raise MissingPermission(DOWNLOAD_PERMISSION)
    document = get_object_or_404(SubmissionFile, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type=document.mime_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token, usually an expired page."""
    return _problem_page(request, "submissions/csrf_failure.html", 403)
