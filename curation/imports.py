"""Import and export from the admin, with the catalogue's safety rules.

- Only CSV and XLSX, at most CATALOGUE_IMPORT_MAX_BYTES per file.
- Preview first (the library's confirm step); every row is validated and any failure means
  nothing is saved, at the preview and again at the confirmation.
- A file that cannot be read gets a message, never an error page.
- Importing needs the add and change permissions of the model; exporting, the view permission.
"""

import re
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import BaseStorage

FORMATS = [CSV, XLSX]
IMPORT_FOLDER = Path(tempfile.gettempdir()) / "vvcp-imports"
# Files left behind by previews nobody confirmed are cleared after this long.
ABANDONED_AFTER_SECONDS = 24 * 60 * 60


class ImportFileMissing(Exception):
    """The file kept between preview and confirmation is gone or was never ours."""


class ImportFileStorage(BaseStorage):
    """Keeps an uploaded file between the preview and the confirmation.

    Files live in a folder of their own under random names, and a name that is not one of
    ours is refused, so a tampered confirmation form cannot read or delete any other file.
    """

    def save(self, data):
        IMPORT_FOLDER.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.clear_abandoned()
        self.name = uuid4().hex
        self.path().write_bytes(data if isinstance(data, bytes) else data.encode())

    def read(self):
        try:
            data = self.path().read_bytes()
        except FileNotFoundError:
            raise ImportFileMissing from None
        if "b" in self.read_mode:
            return data
        return data.decode(self.encoding or "utf-8")

    def remove(self):
        self.path().unlink(missing_ok=True)

    def path(self):
        if not re.fullmatch(r"[0-9a-f]{32}", self.name or ""):
            raise ImportFileMissing
        return IMPORT_FOLDER / self.name

    @staticmethod
    def clear_abandoned():
        cutoff = time.time() - ABANDONED_AFTER_SECONDS
        for path in IMPORT_FOLDER.glob("*"):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)


class CatalogueImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        limit = filesizeformat(settings.CATALOGUE_IMPORT_MAX_BYTES)
        self.fields["import_file"].help_text = (
            f"A CSV file (UTF-8) or an Excel workbook (.xlsx) of at most {limit} and "
            f"{settings.CATALOGUE_IMPORT_MAX_ROWS:,} rows, with column headings in the first row."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.CATALOGUE_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; the largest file accepted is "
                f"{filesizeformat(limit)}. Split it into smaller files."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload and chosen not in (None, ""):
            file_format = self.formats[int(chosen)]()
            extension = Path(upload.name).suffix.lower().lstrip(".")
            if extension != file_format.get_extension():
                self.add_error(
                    "import_file",
                    f"The file name ends in “.{extension}” but the format chosen is "
                    f"{file_format.get_title().upper()}. Choose the matching format, or save "
                    f"the file as .{file_format.get_extension()}.",
                )
        return cleaned


class CatalogueConfirmImportForm(ConfirmImportForm):
    """The hidden fields carried over from the preview; anything else is refused."""

    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not re.fullmatch(r"[0-9a-f]{32}", name):
            raise forms.ValidationError("This import has expired. Upload the file again.")
        return name

    def clean_format(self):
        chosen = self.cleaned_data["format"]
        if chosen not in {str(index) for index in range(len(FORMATS))}:
            raise forms.ValidationError("Unknown file format. Upload the file again.")
        return chosen

    def clean_resource(self):
        # Each admin imports one kind of row, so the only resource is the first.
        chosen = self.cleaned_data["resource"]
        if chosen not in {"", "0"}:
            raise forms.ValidationError("Unknown kind of row. Upload the file again.")
        return chosen


def describe_invalid_row(row):
    fields = "; ".join(
        f"{field}: {' '.join(errors)}" for field, errors in row.field_specific_errors.items()
    )
    return f"row {row.number}: {fields or ' '.join(row.non_field_specific_errors)}"


class CatalogueImportExportMixin(ImportExportMixin):
    formats = FORMATS
    import_form_class = CatalogueImportForm
    confirm_form_class = CatalogueConfirmImportForm
    tmp_storage_class = ImportFileStorage
    import_template_name = "admin/catalogue_import.html"
    # CSV exports start with a byte order mark, as the public downloads do; imports read
    # files with or without one.
    to_encoding = "utf-8-sig"

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ) and request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def has_export_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # A row that fails validation rolls back the whole file, not just itself.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, error):
        chosen = form.cleaned_data.get("format")
        title = self.get_import_formats()[int(chosen)]().get_title().upper() if chosen else ""
        form.add_error(
            "import_file",
            f"This file could not be read as {title}. Check that it is a CSV file saved as "
            "UTF-8 or an Excel .xlsx workbook, and that the format chosen matches it.",
        )

    def import_page_url(self):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except ImportFileMissing:
            messages.error(request, "This import has expired. Upload the file again.")
            return HttpResponseRedirect(self.import_page_url())

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation; the transaction
            # has been rolled back, so say so and show where.
            problems = [describe_invalid_row(row) for row in result.invalid_rows[:5]]
            problems += [
                f"row {row.number}: {row.errors[0].error}" for row in result.error_rows[:5]
            ]
            messages.error(
                request,
                "Nothing was imported: the file no longer passes its checks "
                f"({'; '.join(problems) or 'see the preview'}). Upload it again to see why.",
            )
            return HttpResponseRedirect(self.import_page_url())
        return super().process_result(result, request)
