from api.licence import data_licence as current_licence


def data_licence(request):
    """``data_licence`` (name and url) for the footer of every page."""
    return {"data_licence": current_licence()}
