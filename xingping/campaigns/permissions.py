"""Role gates of the campaigns app (object access goes through core.scoping)."""

from xingping.accounts.models import Role

# The deliverables matrix: the office (acts), the auditor and discipline inspectors (read-only).
MATRIX_ROLES = (Role.OFFICE, Role.AUDITOR, Role.INSPECTOR)
