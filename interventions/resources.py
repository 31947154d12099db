"""How interventions travel as CSV and XLSX files (evaluations.resources: reports, figures).

Rows are matched by slug (outcome figures by their entry's slug and their key), and related
rows are named by slug too: themes, forces, purposes, settings, sources, organisations. A
wrong slug is reported against its row and column instead of being dropped.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from interventions.models import (
    Force,
    Intervention,
    PublicationState,
    Purpose,
    Setting,
    SourceDocument,
    Theme,
    history_reason,
    may_publish,
)
from interventions.spreadsheets import escape_formula, unescape_formula


class UnknownSlug(ValueError):
    pass


class SlugWidget(widgets.ForeignKeyWidget):
    """One related row named by its slug. Lookups are cached for the length of one import."""

    def __init__(self, model):
        super().__init__(model, field="slug")
        self._by_slug = None

    def lookup(self, slugs):
        if self._by_slug is None:
            self._by_slug = {obj.slug: obj for obj in self.model.objects.all()}
        missing = [slug for slug in slugs if slug not in self._by_slug]
        if missing:
            names = ", ".join(f"“{slug}”" for slug in missing)
            raise UnknownSlug(f"No {self.model._meta.verbose_name} has the slug {names}.")
        return [self._by_slug[slug] for slug in slugs]

    def clean(self, value, row=None, **kwargs):
        slug = str(value).strip() if value is not None else ""
        if not slug:
            return None
        return self.lookup([slug])[0]


class SlugListWidget(widgets.ManyToManyWidget):
    """Several related rows named by slug and separated by commas: 'knife-crime, county-lines'."""

    def __init__(self, model):
        super().__init__(model, separator=",", field="slug")
        self._slugs = SlugWidget(model)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        slugs = [slug.strip() for slug in str(value).split(self.separator) if slug.strip()]
        return self._slugs.lookup(list(dict.fromkeys(slugs)))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(related.slug for related in value.all())


def slug_field(name, model):
    return fields.Field(attribute=name, column_name=name, widget=SlugWidget(model))


def slug_list_field(name, model):
    return fields.Field(attribute=name, column_name=name, widget=SlugListWidget(model))


class CatalogueResource(resources.ModelResource):
    """Shared rules: validate every row fully, report rows by number, change nothing on error."""

    # An empty cell of an XLSX file reads as None; long text, like short, reads it as "",
    # so an exported workbook with an empty description imports again.
    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "TextField": widgets.CharWidget}

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_user_visible_fields(self):
        """The columns an import reads; export-only columns are not listed."""
        return [field for field in super().get_user_visible_fields() if not field.readonly]

    def before_import(self, dataset, **kwargs):
        self.importing_user = kwargs.get("user")
        limit = settings.CATALOGUE_IMPORT_MAX_ROWS
        if len(dataset) > limit:
            raise ValueError(
                f"The file has {len(dataset):,} rows; import at most {limit:,} rows at a time."
            )

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = unescape_formula(value)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except UnknownSlug as error:
            column = next(
                (
                    name
                    for name in self.get_import_id_fields()
                    if isinstance(self.fields[name].widget, SlugWidget)
                ),
                None,
            )
            raise ValidationError({column: str(error)}) from error

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for field in self.get_import_fields():
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    # Saved only after the row itself; checked now so a wrong slug is
                    # reported with its row and column like any other mistake.
                    if field.column_name in row:
                        field.clean(row)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except ArithmeticError:
                errors[field.attribute] = ValidationError(
                    f"“{row[field.column_name]}” is not a number."
                )
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)

    def changes_published(self, instance, row):
        """Whether saving this row would change what a published entry shows."""
        return False

    def import_row(self, row, instance_loader, **kwargs):
        self.current_row = row
        return super().import_row(row, instance_loader, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Reached only for rows that would be saved (unchanged rows are skipped before).
        # Editors change published entries on the entry's page, where a curator reviews the
        # change; an import would make it live at once, so the row is refused.
        errors = dict(import_validation_errors or {})
        user = getattr(self, "importing_user", None)
        if not may_publish(user) and self.changes_published(instance, self.current_row):
            column = self.get_import_id_fields()[0]
            errors.setdefault(column, []).append(
                ValidationError(
                    "This row changes a published entry. Only curators import such changes; "
                    "make the change on the entry's page, where a curator reviews it."
                )
            )
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        file_name = kwargs.get("file_name")
        instance._history_user = kwargs.get("user")
        instance._change_reason = history_reason(
            f"Imported from {file_name}" if file_name else "Imported from a file"
        )

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.get_value(instance), int | float | Decimal):
            return value
        return escape_formula(value)


class InterventionResource(CatalogueResource):
    themes = slug_list_field("themes", Theme)
    forces = slug_list_field("forces", Force)
    purposes = slug_list_field("purposes", Purpose)
    delivery_settings = slug_list_field("delivery_settings", Setting)
    sources = slug_list_field("sources", SourceDocument)
    # Shown in exports for reference; an import never sets them (entries arrive as drafts).
    publication_state = fields.Field(
        attribute="publication_state", column_name="publication_state", readonly=True
    )
    published_at = fields.Field(attribute="published_at", column_name="published_at", readonly=True)

    class Meta(CatalogueResource.Meta):
        model = Intervention
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "short_name",
            "summary",
            "description",
            "themes",
            "forces",
            "purposes",
            "delivery_settings",
            "target_group",
            "age_min",
            "age_max",
            "status",
            "status_reported_year",
            "start_year",
            "end_year",
            "evidence_stage",
            "contact_email",
            "website",
            "sources",
            "curator_note",
            "inference_note",
            "last_reviewed",
            "publication_state",
            "published_at",
        ]
        export_order = fields

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # New entries always start as drafts, whatever the file says; existing entries keep
        # their state, since publishing and unpublishing are a curator's decision.
        if instance._state.adding:
            instance.publication_state = PublicationState.DRAFT
            instance.published_at = None

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related(
            "themes", "forces", "purposes", "delivery_settings", "sources"
        )

    def changes_published(self, instance, row):
        return (
            instance.pk is not None
            and Intervention.objects.published().filter(pk=instance.pk).exists()
        )
