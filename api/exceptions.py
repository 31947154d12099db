"""Error responses: always JSON, always saying what to do."""

from rest_framework import exceptions
from rest_framework.views import exception_handler


def open_data_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": "Some parameters could not be used; see errors.",
            "errors": exc.detail if isinstance(exc.detail, dict) else {"": exc.detail},
        }
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response.data = {
            "detail": (
                "Too many requests from this address. "
                f"Please wait {wait} second{'s' if wait != 1 else ''} and try again."
            ),
            "retry_after": wait,
        }
    return response
