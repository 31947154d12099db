from csp.constants import NONE
from csp.decorators import csp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFilesSent,
)
from django.core.validators import slug_re
from django.http import FileResponse, Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from interventions.models import Intervention
from interventions.roles import MissingPermission
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
from submissions.uploads import FileSizeLimitHandler, KeepFieldsOnError, SkipEveryFile

CONFIRMATION_SESSION_KEY = "submissions:confirmation"


class FormProblem:
    """Why a form is shown again unsaved; _error_summary.html says each in plain words."""

    TOO_MANY_ATTEMPTS = "too-many-attempts"
    TOO_MANY_SUBMISSIONS = "too-many-submissions"
    TOO_MANY_FILES = "too-many-files"
    TOO_MUCH_TEXT = "too-much-text"
    UNREADABLE = "unreadable"


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _problem_page(request, template, status, **context):
    response = render(request, template, {"mailbox": settings.VKPP_MAILBOX, **context})
    response.status_code = status
    return response


# The form's POST is checked for CSRF in post(), after the allowance and size checks: Django's
# CSRF middleware would otherwise read the whole body before anything could refuse it.
@method_decorator(csrf_exempt, name="dispatch")
class SubmissionFormView(FormView):
    """A public form that lands in the curators' queue, guarded against abuse.

    Whatever goes wrong after the body has been read, the form comes back with every answer
    that could be read (files are never kept), and a message at the top saying what happened.
    """

    max_request_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    accepts_files = False
    success_url = reverse_lazy("submissions:confirmation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mailbox=settings.VKPP_MAILBOX,
            submission_limit=settings.SUBMISSION_RATE_LIMIT,
            attempt_limit=settings.SUBMISSION_ATTEMPT_LIMIT,
            max_files=settings.SUBMISSION_MAX_FILES,
            max_file_bytes=settings.SUBMISSION_MAX_FILE_BYTES,
            accepts_files=self.accepts_files,
            **kwargs,
        )

    def get_form_kwargs(self):
        kwargs = {"initial": self.get_initial(), "prefix": self.get_prefix()}
        if self.request.method == "POST":
            kwargs.update(data=self.form_data, files=self.form_files)
        return kwargs

    def post(self, request, *args, **kwargs):
        # Counted before anything is read, so a stream of bad posts costs the server little.
        within_attempts = ratelimit.record_attempt(request)
        if _declared_length(request) > self.max_request_bytes:
            return self.too_large(request)
        self.refusal = None
        if not within_attempts:
            self.refusal = FormProblem.TOO_MANY_ATTEMPTS
        elif ratelimit.submissions_used_up(request):
            self.refusal = FormProblem.TOO_MANY_SUBMISSIONS
        size_guard = FileSizeLimitHandler(request, settings.SUBMISSION_MAX_FILE_BYTES)
        self.oversized_file_names = size_guard.oversized_names
        # A form that will not be saved has its files read past, never stored or inspected.
        file_handlers = (
            [SkipEveryFile(request)] if self.refusal else [size_guard, *request.upload_handlers]
        )
        body = KeepFieldsOnError(request, file_handlers)
        request.upload_handlers = [body]
        try:
            self.form_data, self.form_files = request.POST, request.FILES
        except RequestDataTooBig:
            return self.show_again(body.fields_read, FormProblem.TOO_MUCH_TEXT, 413)
        except TooManyFilesSent:
            return self.show_again(body.fields_read, FormProblem.TOO_MANY_FILES, 400)
        except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
            return self.show_again(body.fields_read, FormProblem.UNREADABLE, 400)
        return csrf_protect(self.checked_post)(request, *args, **kwargs)

    def too_large(self, request):
        """Refused before reading: nothing typed can be kept, so the page says so plainly."""
        return _problem_page(
            request,
            "submissions/too_large.html",
            413,
            form_url=request.path,
            accepts_files=self.accepts_files,
            max_files=settings.SUBMISSION_MAX_FILES,
            max_file_bytes=settings.SUBMISSION_MAX_FILE_BYTES,
            max_request_bytes=self.max_request_bytes,
        )

    def show_again(self, fields_read, problem, status):
        """The form with the answers that could be read before the body broke off."""
        self.form_data, self.form_files = (fields_read or None), MultiValueDict()
        return self.show_problem(self.get_form(), problem, status)

    def show_problem(self, form, problem, status):
        response = self.render_to_response(self.get_context_data(form=form, problem=problem))
        response.status_code = status
        if status == 429:
            response["Retry-After"] = str(settings.SUBMISSION_RATE_LIMIT_PERIOD)
        return response

    def checked_post(self, request, *args, **kwargs):
        form = self.get_form()
        if self.refusal:
            return self.show_problem(form, self.refusal, 429)
        if form.is_from_a_bot:
            # Looks like success to the bot; nothing is stored or sent.
            ratelimit.reserve_submission(request)
            return self.confirm(Submission.new_reference(), form.submission_kind)
        if not form.is_valid():
            return self.form_invalid(form)
        # Reserved atomically just before saving: simultaneous posts cannot all slip through.
        if not ratelimit.reserve_submission(request):
            return self.show_problem(form, FormProblem.TOO_MANY_SUBMISSIONS, 429)
        return self.form_valid(form)

    def form_valid(self, form):
        try:
            submission = form.save()
        except Exception:
            ratelimit.release_submission(self.request)
            raise
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
# The file is the sender's: nothing in it may run, even if a browser tries to show it.
@csp({"default-src": [NONE], "sandbox": True})
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
    return response


SUBMISSION_FORMS = {
    "submissions:share": SharePracticeForm,
    "submissions:correction": CorrectionForm,
}


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token: cookies blocked, or a page left open
    so long that its token expired.

    The post cannot be trusted, so nothing is saved or put back into a form that could be sent;
    on the public forms, the text that was typed is shown read-only for the person to copy.
    Their posts were read before the check, so request.POST is already there. Other pages
    (the admin's sign-in, say) never have their fields shown back.
    """
    form_class = SUBMISSION_FORMS.get(getattr(request.resolver_match, "view_name", None))
    typed_answers = form_class.typed_answers(request.POST) if form_class else []
    response = _problem_page(
        request,
        "submissions/csrf_failure.html",
        403,
        typed_answers=typed_answers,
        form_url=request.path if form_class else None,
    )
    if typed_answers:
        add_never_cache_headers(response)
    return response
