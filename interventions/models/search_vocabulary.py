"""The words people search with, mapped onto the catalogue's own: synonyms and near-words,
abbreviations of forces, and a gazetteer of places. Curators extend them in the admin;
search reads them through trigram indexes (interventions.interpretation)."""

import unicodedata
from urllib.parse import urlencode

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse

from interventions.models.vocabulary import Force, Purpose, Region, Setting, Theme

# Punctuation that separates words in a search; '&' stays, so "A&E" is one word.
WORD_PUNCTUATION = "\"'\u2018\u2019\u201c\u201d()[]{}<>,.;:!?*/"


def search_key(text):
    """Text as search compares it: lower case, hyphens as spaces, single spaces, no
    surrounding punctuation ("Stoke-on-Trent" and "stoke on trent" are the same place), and
    compatibility forms folded (full-width letters are plain letters)."""
    folded = unicodedata.normalize("NFKC", text or "").replace("-", " ")
    words = (raw.strip(WORD_PUNCTUATION).lower() for raw in folded.split())
    return " ".join(word for word in words if word)


class SearchKeyQuerySet(models.QuerySet):
    """Rows named in fixtures by the text a reader types, compared as search compares it."""

    def get_by_natural_key(self, text):
        return self.get(key=search_key(text))


class SearchKeyed(models.Model):
    """A word or phrase a reader may type, stored with its search key (unique)."""

    key = models.CharField(max_length=100, unique=True, editable=False)

    objects = SearchKeyQuerySet.as_manager()

    # The field holding the text as written; subclasses name it.
    text_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.key = search_key(getattr(self, self.text_field))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public list searched for this word."""
        return f"{reverse('catalogue:list')}?{urlencode({'q': str(self)})}"

    def clean(self):
        super().clean()
        key = search_key(getattr(self, self.text_field))
        if not key:
            raise ValidationError({self.text_field: "Enter at least one letter or number."})
        clash = type(self).objects.filter(key=key).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {
                    self.text_field: f"“{clash}” is already in the list, written that way or "
                    "with other capitals or punctuation."
                }
            )

    def natural_key(self):
        return (getattr(self, self.text_field),)


class SearchTerm(SearchKeyed):
    """A word or phrase people use, and what it means in the catalogue's own terms."""

    phrase = models.CharField(
        max_length=100,
        unique=True,
        help_text="A word or phrase people search with, e.g. 'stabbing', 'A&E' or 'CSE'. "
        "Capitals and punctuation around words do not matter.",
    )
    means = models.CharField(
        max_length=200,
        blank=True,
        help_text="The words the catalogue itself uses for this, searched as well, e.g. "
        "'knife crime' for 'stabbing'. Separate alternatives with commas: "
        "'young people, youth, adolescents'.",
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="search_terms",
        help_text="Entries filed under these themes match this word, whatever their text says.",
    )
    delivery_settings = models.ManyToManyField(
        Setting,
        blank=True,
        related_name="search_terms",
        verbose_name="settings",
        help_text="Entries delivered in these settings match this word.",
    )
    purposes = models.ManyToManyField(
        Purpose,
        blank=True,
        related_name="search_terms",
        help_text="Entries with these purposes match this word.",
    )

    text_field = "phrase"

    class Meta:
        ordering = ["phrase"]
        verbose_name = "search word"
        indexes = [
            # Typo tolerance: a misspelt word finds its term through this (%> and %).
            GinIndex(fields=["key"], name="search_term_key_trigram", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.phrase

    def alternatives(self):
        """The catalogue's words this term stands for, each a phrase."""
        return [part for part in (search_key(item) for item in self.means.split(",")) if part]


class ForceAlias(SearchKeyed):
    """Another name people use for a police force: 'Lancs', 'GMP', 'the Met'."""

    alias = models.CharField(
        max_length=60,
        unique=True,
        help_text="An abbreviation or everyday name of the force, e.g. 'GMP' or 'the Met'.",
    )
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="aliases")

    text_field = "alias"

    class Meta:
        ordering = ["alias"]
        verbose_name = "force abbreviation"
        verbose_name_plural = "force abbreviations"
        indexes = [
            # Typo tolerance when a misspelt abbreviation names a force.
            GinIndex(fields=["key"], name="force_alias_key_trigram", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.alias


class PlaceKind(models.TextChoices):
    CITY = "city", "City"
    TOWN = "town", "Town"
    COUNTY = "county", "County or area"
    REGION = "region", "Region"


class Place(SearchKeyed):
    """A place in England or Wales, with the police force whose area it lies in and its region.

    A search naming the place shows the entries of that force (or, for a region, of the
    forces in it).
    """

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="The place as people write it, e.g. 'Blackpool', 'Tyneside', 'north west'.",
    )
    kind = models.CharField(max_length=10, choices=PlaceKind.choices, default=PlaceKind.TOWN)
    force = models.ForeignKey(
        Force,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="places",
        help_text="The police force whose area the place is in. Leave empty for a region.",
    )
    region = models.CharField(
        max_length=30,
        choices=Region.choices,
        help_text="The region of the place; for a town, the region of its force.",
    )

    text_field = "name"

    class Meta:
        ordering = ["name"]
        indexes = [
            # Typo tolerance: 'Blakpool' finds Blackpool through this.
            GinIndex(fields=["key"], name="place_key_trigram", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="region") & models.Q(force__isnull=True))
                | (~models.Q(kind="region") & models.Q(force__isnull=False)),
                name="place_has_force_unless_region",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == PlaceKind.REGION and self.force_id:
            raise ValidationError({"force": "A region spans several forces: leave this empty."})
        if self.kind != PlaceKind.REGION and not self.force_id:
            raise ValidationError({"force": "Choose the police force whose area this is in."})
        if self.force_id and self.region and self.force.region != self.region:
            raise ValidationError(
                {"region": f"{self.force} is in {self.force.get_region_display()}."}
            )


class SearchWordQuerySet(models.QuerySet):
    def add_words_of(self, text):
        """Adds the words of ``text`` not yet listed: one statement."""
        words = sorted({word for word in search_key(text).split() if len(word) <= 100})
        if words:
            self.bulk_create(
                [self.model(word=word) for word in words],
                ignore_conflicts=True,
            )

    def refresh(self):
        """Makes the list hold exactly the words of the vocabulary and of the catalogue's
        theme, setting and purpose names: two statements, whatever the vocabulary's size."""
        sources = " UNION ".join(
            f"SELECT regexp_split_to_table({column}, ' ') AS w FROM {model._meta.db_table}"
            for model, column in (
                (SearchTerm, "key"),
                (ForceAlias, "key"),
                (Place, "key"),
                (Theme, "lower(name)"),
                (Setting, "lower(name)"),
                (Purpose, "lower(name)"),
            )
        )
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} AS listed WHERE NOT EXISTS "
                f"(SELECT 1 FROM ({sources}) AS words WHERE words.w = listed.word)"
            )
            cursor.execute(
                f"INSERT INTO {table} (word) SELECT DISTINCT w FROM ({sources}) AS words "
                "WHERE w <> '' AND length(w) <= 100 ON CONFLICT (word) DO NOTHING"
            )


class SearchWord(models.Model):
    """One word of the vocabulary, which a misspelt search word may be read as. Derived from
    the search words, force abbreviations and places, and kept current when they change."""

    word = models.CharField(max_length=100, unique=True)

    objects = SearchWordQuerySet.as_manager()

    class Meta:
        ordering = ["word"]
        indexes = [
            # "Did you mean": words within a typo or two of a search's word (%).
            GinIndex(fields=["word"], name="search_word_trigram", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.word

    def get_absolute_url(self):
        return f"{reverse('catalogue:list')}?{urlencode({'q': self.word})}"


def _add_search_words(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    text = getattr(instance, getattr(instance, "text_field", "") or "name")
    SearchWord.objects.add_words_of(text)


def _refresh_search_words(sender, **kwargs):
    SearchWord.objects.refresh()


def connect_signals():
    """A saved word adds its words to the list (one statement); a deleted one rebuilds it,
    so a renamed or deleted row's words leave it then."""
    for model in (SearchTerm, ForceAlias, Place, Theme, Setting, Purpose):
        uid = f"search-words-{model.__name__}"
        models.signals.post_save.connect(_add_search_words, sender=model, dispatch_uid=uid)
        models.signals.post_delete.connect(_refresh_search_words, sender=model, dispatch_uid=uid)
