from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser


class FileSizeLimitHandler(FileUploadHandler):
    """Stops reading any one file at the limit, so an oversized file is never stored whole.

    Put it first in request.upload_handlers: it passes chunks through untouched until a file
    goes over the limit, then skips the rest of that file and notes its name in
    `oversized_names`, so the form can say which file was too big.
    """

    def __init__(self, request=None, max_bytes=0):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.oversized_names = []

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self._skip()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _skip(self):
        self.oversized_names.append(self.file_name)
        raise SkipFile()


class SkipEveryFile(FileUploadHandler):
    """Reads past every file without storing or looking at it: for a form that won't be saved."""

    def new_file(self, *args, **kwargs):
        raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


class _FieldKeepingParser(MultiPartParser):
    def parse(self):
        try:
            return super().parse()
        except Exception:
            # Django's parser fills self._post as it goes: the answers that came before
            # the fault (a file name too long to read, too many files, a broken upload).
            self.fields_read = getattr(self, "_post", None) or QueryDict()
            raise


class KeepFieldsOnError(FileUploadHandler):
    """Parses a multipart form with `file_handlers`, keeping what it read if it cannot finish.

    Make it the request's only upload handler. Django lets an upload handler take over the
    parsing (handle_raw_input); this one runs Django's own parser, and when the body cannot
    be read to the end it keeps the fields read so far in `fields_read`, so the form can be
    shown again with them instead of being lost.
    """

    def __init__(self, request=None, file_handlers=()):
        super().__init__(request)
        self.file_handlers = list(file_handlers)
        self.fields_read = QueryDict()

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        parser = _FieldKeepingParser(META, input_data, self.file_handlers, encoding)
        try:
            return parser.parse()
        except Exception:
            self.fields_read = parser.fields_read
            raise

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
