"""The 403 page: inside the admin's look for staff, saying what is missing and who to ask.

Django's admin refuses a page by raising PermissionDenied without saying why. Its addresses
follow one pattern (`<app>_<model>_<view>`), so the permission a page needs is worked out from
the address. Views of our own raise MissingPermission, which names the permission itself.
"""

from copy import copy

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.shortcuts import render
from django.urls import Resolver404, resolve

from interventions.roles import ROLES, MissingPermission, roles_with

# What each of a model admin's pages needs, by the end of its address name. Pages Django opens
# with either of two permissions (the list opens with "view" or "change") name the lesser.
ACTIONS_BY_PAGE = {
    "changelist": ["view"],
    "add": ["add"],
    "change": ["view"],
    "delete": ["delete"],
    "history": ["view"],
    "simple_history": ["view"],
    "preview": ["view"],
    "export": ["view"],
    "import": ["add", "change"],
    "process_import": ["add", "change"],
}


def what_admin_page_needs(request):
    """The permissions the admin page at this address needs ([] if it cannot be told), and
    whether the page is closed to everyone, superusers included (rows kept by the site)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return [], False
    if match.namespace != admin.site.name or not match.url_name:
        return [], False
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        page = match.url_name.removeprefix(prefix)
        if page != match.url_name and page in ACTIONS_BY_PAGE:
            actions = ACTIONS_BY_PAGE[page]
            if page == "simple_history" and request.method == "POST":
                actions = ["change"]  # reverting to an earlier version changes the row
            needed = [f"{opts.app_label}.{action}_{opts.model_name}" for action in actions]
            return needed, is_closed_to_everyone(model_admin, page, request)
    return [], False


def is_closed_to_everyone(model_admin, page, request):
    as_superuser = copy(request)
    as_superuser.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    if page == "add":
        return not model_admin.has_add_permission(as_superuser)
    if page == "delete":
        return not model_admin.has_delete_permission(as_superuser)
    return False


def describe(permission_names):
    """Each permission with its name as the admin's group form shows it and the roles with it."""
    found = {
        f"{permission.content_type.app_label}.{permission.codename}": permission.name
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={name.partition(".")[2] for name in permission_names}
        )
    }
    return [
        {"code": name, "name": found.get(name, name), "roles": roles_with(name)}
        for name in permission_names
    ]


def is_admin_request(request):
    return request.path.startswith(f"/{settings.ADMIN_URL}")


def permission_denied(request, exception=None):
    """handler403: staff get the admin's own look and an explanation; others a public page."""
    user = request.user
    staff = user.is_authenticated and user.is_active and user.is_staff
    named = isinstance(exception, MissingPermission)
    if not (staff and (named or is_admin_request(request))):
        return render(request, "403.html", status=403)

    needed, closed = (exception.permissions, False) if named else what_admin_page_needs(request)
    missing = [] if closed else [name for name in needed if not user.has_perm(name)]
    groups = sorted(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    context = {
        **admin.site.each_context(request),
        "title": "You cannot open this page",
        "missing": describe(missing),
        "closed_to_all": closed,
        "groups": groups,
    }
    return render(request, "admin/403.html", context, status=403)
