from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from alerts.models import SEARCH_MAX_LENGTH, Frequency, Subscription
from alerts.searches import UnfollowableSearch, normal_form, read_search


class SubscribeForm(forms.Form):
    """An address and how often to write, for the search carried in ``search``."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send one email to check it is yours. Nothing else is sent until you "
        "follow the link in it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Your email address must be 254 characters or fewer",
            "null_characters_not_allowed": "Your email address holds a hidden null "
            "character. Retype it rather than pasting it.",
        },
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how often to hear of new results",
            "invalid_choice": "Choose how often to hear of new results",
        },
    )
    search = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=SEARCH_MAX_LENGTH * 2,
        error_messages={"max_length": "The search is too long to follow."},
    )
    # Hidden from people by the template; bots that fill every field fill this one too.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.filterset = None

    @property
    def is_from_a_bot(self):
        return bool(str(self.data.get("website", "")).strip())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_search(self):
        try:
            self.filterset = read_search(self.cleaned_data["search"])
            return normal_form(self.filterset)
        except UnfollowableSearch as problem:
            raise ValidationError(f"This search cannot be followed. {problem}") from None

    def clean(self):
        cleaned = super().clean()
        email, search = cleaned.get("email"), cleaned.get("search")
        if email is None or search is None:
            return cleaned
        held = Subscription.objects.for_address(email)
        limit = settings.ALERTS_PER_ADDRESS
        if not held.filter(search=search).exists() and held.count() >= limit:
            self.add_error(
                "email",
                f"This address already has {limit} email alerts, the most one address can "
                "have. Stop one first, from the “Manage your alerts” link in any alert email.",
            )
        return cleaned

    def save(self):
        """The subscription for this address and search: a new one, or the one it had.
        An unconfirmed one takes the frequency chosen now; a confirmed one is changed only
        from the address's own manage link."""
        subscription, created = Subscription.objects.get_or_create(
            email=self.cleaned_data["email"],
            search=self.cleaned_data["search"],
            defaults={"frequency": self.cleaned_data["frequency"]},
        )
        if not created and not subscription.is_confirmed:
            subscription.frequency = self.cleaned_data["frequency"]
            subscription.save(update_fields=["frequency"])
        return subscription
