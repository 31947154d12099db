from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView, TemplateView

from alerts import tasks, tokens
from alerts.forms import SubscribeForm
from alerts.models import Subscription
from alerts.searches import UnfollowableSearch, describe, normal_form, read_search
from interventions.ratelimit import client_address, count_in_window

CONFIRMATION_RESEND_SECONDS = 60 * 60


def within_subscribe_limit(request):
    """Counts a post of the form; False once the client is over its hourly allowance."""
    key = f"alerts:subscribe:{client_address(request)}"
    return count_in_window(key, settings.ALERTS_SUBSCRIBE_LIMIT_PERIOD) <= (
        settings.ALERTS_SUBSCRIBE_LIMIT
    )


def unfollowable(request, problem):
    return render(request, "alerts/unfollowable.html", {"problem": problem}, status=400)


class SubscribeView(FormView):
    """The page behind "Get email alerts for these results": the search in words, then an
    address and how often."""

    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm

    def get(self, request, *args, **kwargs):
        try:
            filterset = read_search(request.GET)
            search = normal_form(filterset)
        except UnfollowableSearch as problem:
            return unfollowable(request, problem)
        form = self.form_class(initial={"search": search})
        form.filterset = filterset
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if not within_subscribe_limit(request):
            response = self.render_to_response(
                self.get_context_data(form=self.get_form(), too_many=True)
            )
            response.status_code = 429
            response["Retry-After"] = str(settings.ALERTS_SUBSCRIBE_LIMIT_PERIOD)
            return response
        form = self.get_form()
        if form.is_from_a_bot:
            # Looks like success to the bot; nothing is stored or sent.
            return redirect("alerts:sent")
        if form.is_valid():
            return self.form_valid(form)
        if "search" in form.errors:
            return unfollowable(request, form.errors["search"][0])
        return self.form_invalid(form)

    def form_valid(self, form):
        subscription = form.save()
        # Asking again and again must not flood an address (perhaps someone else's) with
        # confirmations: one email per alert an hour at most.
        if cache.add(f"alerts:mailed:{subscription.pk}", 1, timeout=CONFIRMATION_RESEND_SECONDS):
            transaction.on_commit(
                lambda: tasks.send_confirmation.defer(subscription_id=subscription.pk)
            )
        return redirect("alerts:sent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        description, search = "", ""
        try:
            filterset = form.filterset or read_search(str(form.data.get("search", "")))
            description, search = describe(filterset), normal_form(filterset)
        except UnfollowableSearch:
            pass  # Only shown again over the rate limit, before the search is checked.
        list_url = reverse("catalogue:list")
        context.update(
            description=description,
            search_url=f"{list_url}?{search}" if search else list_url,
            per_address=settings.ALERTS_PER_ADDRESS,
            days=settings.ALERTS_CONFIRMATION_DAYS,
            limit=settings.ALERTS_SUBSCRIBE_LIMIT,
        )
        return context


class SentView(TemplateView):
    template_name = "alerts/sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(days=settings.ALERTS_CONFIRMATION_DAYS, **kwargs)


def subscription_of(reference):
    """The subscription a signed link names, or 404."""
    subscription = Subscription.objects.filter(pk=reference[0]).first()
    if subscription is None or not tokens.matches(subscription, reference):
        raise Http404("No such alert.")
    return subscription


def described(subscription):
    try:
        return describe(read_search(subscription.search))
    except UnfollowableSearch:
        return subscription.search


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Opening the link asks for a press of a button, and only the press confirms: mail
    scanners that open every link in an email must not turn an alert on for the reader."""
    try:
        subscription = subscription_of(tokens.read_confirm_token(token))
    except tokens.BadToken:
        raise Http404("This confirmation link is not valid, or has expired.") from None
    context = {"subscription": subscription, "description": described(subscription)}
    if request.method != "POST" and not subscription.is_confirmed:
        return render(request, "alerts/confirm.html", context)
    if not subscription.is_confirmed:
        subscription.confirm()
    context["manage_url"] = reverse("alerts:manage", args=[tokens.manage_token(subscription)])
    return render(request, "alerts/confirmed.html", context)


# RFC 8058: the mail client's one-click POST carries no session and no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        reference = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        raise Http404("This unsubscribe link is not valid.") from None
    if request.method == "POST":
        subscription = Subscription.objects.filter(pk=reference[0]).first()
        if subscription is not None and tokens.matches(subscription, reference):
            subscription.delete()
        return render(request, "alerts/unsubscribed.html")
    subscription = subscription_of(reference)
    return render(
        request,
        "alerts/unsubscribe.html",
        {"subscription": subscription, "description": described(subscription)},
    )


@method_decorator(require_http_methods(["GET", "HEAD", "POST"]), name="dispatch")
class ManageView(TemplateView):
    """Every alert of one address, each with a button to stop it. The link is reached
    through one of the address's alerts; once that one is stopped, the links in the
    other alerts' emails still work."""

    template_name = "alerts/manage.html"
    stopped = False

    def dispatch(self, request, *args, **kwargs):
        try:
            self.email = subscription_of(tokens.read_manage_token(kwargs["token"])).email
        except tokens.BadToken:
            raise Http404("This link is not valid, or has expired.") from None
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        pk = request.POST.get("subscription", "")
        if not (pk.isascii() and pk.isdigit() and len(pk) < 19):
            raise Http404("No such alert.")
        deleted, _ = Subscription.objects.for_address(self.email).filter(pk=int(pk)).delete()
        if not deleted:
            raise Http404("No such alert.")
        # Shown at once rather than redirected to: the link itself may name the alert
        # that was just stopped.
        self.stopped = True
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        subscriptions = list(Subscription.objects.for_address(self.email))
        for subscription in subscriptions:
            subscription.description = described(subscription)
        return super().get_context_data(
            email=self.email, subscriptions=subscriptions, stopped=self.stopped, **kwargs
        )
