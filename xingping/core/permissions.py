"""Role gates for views. Object access goes through `scoping.get_for_user_or_404`."""

from functools import wraps

from django.http import Http404


def require_roles(*roles):
    """Views only some roles may open; others get 404 (same as a missing page)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
