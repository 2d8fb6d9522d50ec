"""State machines as data (STYLE.md): each state lists its next states; anything else is
refused with a reason. One `Workflow` per kind of object; cases hold one per case kind."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: dict  # state -> tuple of allowed next states
    reason_required: frozenset = field(default_factory=frozenset)  # target states needing a reason

    def allowed(self, state):
        return tuple(self.transitions.get(state, ()))

    def can(self, state, target):
        return target in self.transitions.get(state, ())

    def check(self, state, target, reason=""):
        if not self.can(state, target):
            raise ValidationError(
                _("Not allowed: %(source)s → %(target)s.")
                % {"source": state, "target": target},
                code="transition",
            )
        if target in self.reason_required and not (reason or "").strip():
            raise ValidationError(_("A reason is required."), code="reason")

    @classmethod
    def from_data(cls, name, data):
        """Build from a template dict: {"transitions": {...}, "reason_required": [...]}."""
        return cls(
            name=name,
            transitions={k: tuple(v) for k, v in data["transitions"].items()},
            reason_required=frozenset(data.get("reason_required", ())),
        )
