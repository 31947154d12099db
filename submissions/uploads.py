from django.core.files.uploadhandler import FileUploadHandler, SkipFile


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
