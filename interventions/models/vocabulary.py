"""The vocabulary entries are filed under: forces and their regions, themes, purposes and
settings. Loaded by migration."""

from django.db import models

from interventions.addresses import slug_address
from interventions.models.base import SlugNaturalKeyMixin, SlugQuerySet


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire-and-the-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"
    NATIONAL = "national", "National (Great Britain)"


class Country(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    GREAT_BRITAIN = "great-britain", "Great Britain"


class Force(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(
        max_length=60,
        help_text="The place name people use for the force area, e.g. 'Thames Valley'.",
    )
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=30, choices=Region.choices, db_index=True)
    country = models.CharField(max_length=20, choices=Country.choices)
    neighbours = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        help_text=(
            "Forces whose areas share a land border with this one. Adding a force here adds "
            "this one to its list too. British Transport Police has none."
        ),
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("catalogue:force", self.slug)

    def get_region_url(self):
        return slug_address("catalogue:region", self.region)


class Theme(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        help_text="One or two sentences telling a practitioner what the theme covers."
    )
    definition_source = models.ForeignKey(
        "interventions.SourceDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="defined_themes",
        help_text=(
            "The document that defines this theme, if one does. Leave empty when the "
            "description is the catalogue's own words: the public pages then say so."
        ),
    )
    definition_section = models.CharField(
        max_length=300,
        blank=True,
        help_text="The section of that document that defines the theme.",
    )
    definition_by = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Who wrote the description when no document defines the theme, e.g. "
            "'VKPP catalogue curators'. Shown publicly."
        ),
    )
    definition_note = models.TextField(
        blank=True,
        help_text=(
            "Shown publicly beside a description that is the catalogue's own: what the "
            "sources do and do not say about the theme, e.g. where its name comes from."
        ),
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("catalogue:theme", self.slug)

    @property
    def is_catalogues_own_definition(self):
        """True unless a source document defines the theme."""
        return self.definition_source_id is None


class OrderedLookup(SlugNaturalKeyMixin, models.Model):
    """A short, fixed list that is shown in a set order rather than alphabetically."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Purpose(OrderedLookup):
    """The four purpose types of the VKPP call for practice."""


class Setting(OrderedLookup):
    """Where an intervention is delivered: custody, an emergency department, a school..."""
