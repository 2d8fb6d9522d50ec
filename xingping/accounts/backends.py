"""The sign-in backend: Django's ModelBackend, with the user of every signed-in request loaded
together with their unit and its parent.

Every signed-in page reads `user.unit.acting_unit` (the user's scope, the navigation, the
dashboard's sections): loaded lazily, that was two more queries on every request."""

from django.contrib.auth.backends import ModelBackend

from xingping.accounts.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("unit__parent").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
