"""Who may do what in the accounts app (one policy, core/policy.py).

Every page here acts on the signed-in user's own account (password, second factor, sessions):
any active signed-in user, whatever their roles, and only ever on themselves — the views take
the account from `request.user`, never from the URL. Sign-in itself is public. accounts sits
below orgs, so it builds on core.policy, not orgs.policy."""

from xingping.accounts.models import PasswordHistory, User
from xingping.core.audit_access import register_audited_model
from xingping.core.policy import BasePolicy, is_active_user


class OwnAccountPolicy(BasePolicy):
    actions = {"own_account": None}

    def user_has_permission(self, user, action):
        return action == "own_account" and is_active_user(user)


policy = OwnAccountPolicy()


# rows about accounts (sign-ins, lock-outs, passwords, second factors): the office
register_audited_model(User, PasswordHistory)
