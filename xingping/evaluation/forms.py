"""Input forms (validation of shape only; rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.evaluation.models import BallotForm, EvaluatorCategory, RubricArea, TalkState


class Bootstrap:
    """Bootstrap classes on every widget, so templates can render `{{ form.as_div }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class AreaForm(Bootstrap, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Area name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=2, min_value=0.01, initial=1)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)


class ItemForm(Bootstrap, forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=RubricArea.objects.none())
    code = forms.CharField(label=_("Code"), max_length=20)
    text = forms.CharField(label=_("Text"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=2, min_value=0.01, initial=1)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = evaluation.areas.all()


class ChoiceForm(Bootstrap, forms.Form):
    value = forms.IntegerField(label=_("Value"), min_value=-99, max_value=99)
    label = forms.CharField(label=_("Label"), max_length=40)
    label_en = forms.CharField(label=_("English label"), max_length=40, required=False)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100)


class ScoringForm(Bootstrap, forms.Form):
    democratic_weight = forms.DecimalField(label=_("Democratic score weight"), max_digits=4, decimal_places=3,
                                           min_value=0, max_value=1)
    work_weight = forms.DecimalField(label=_("Work score weight"), max_digits=4, decimal_places=3, min_value=0, max_value=1)
    grades = forms.CharField(
        label=_("Grades"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, best first: code, label, lowest score (e.g. excellent, Excellent, 90)."),
    )
    min_group_size = forms.IntegerField(label=_("Smallest group shown separately"), min_value=1, max_value=100)
    progress_every_days = forms.IntegerField(label=_("Progress report every (days)"), min_value=1, max_value=365)
    meeting_title = forms.CharField(label=_("Meeting title"), max_length=200, required=False)
    meeting_on = forms.DateField(label=_("Meeting day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    # Left out of a post: unchanged.
    ballot_form = forms.ChoiceField(label=_("Ballot form"), choices=BallotForm.choices, required=False)
    min_answered = forms.IntegerField(label=_("Fewest answered ballots for a rank"), min_value=1, max_value=10000,
                                      required=False,
                                      help_text=_("A unit answered by fewer ballots is marked \"too few answers\"."))
    allow_abstain = forms.TypedChoiceField(label=_("Allow \"don't know\""), choices=(("1", _("Yes")), ("0", _("No"))),
                                           coerce=lambda v: v == "1", empty_value=None, required=False)

    def clean_ballot_form(self):
        return self.cleaned_data["ballot_form"] or None

    @staticmethod
    def grades_text(grades):
        return "\n".join(f"{g['code']}, {g['label']}, {g['min']}" for g in grades)

    def clean_grades(self):
        grades = []
        for n, line in enumerate(self.cleaned_data["grades"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                code, label, low = parts
                low = float(low)
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: write code, label, lowest score.") % {"n": n}
                ) from None
            grades.append({"code": code, "label": label, "min": int(low) if low.is_integer() else low})
        return grades


class EvaluatorForm(Bootstrap, forms.Form):
    name = forms.CharField(label=pgettext_lazy("evaluation", "Name"), max_length=50)
    category = forms.ChoiceField(label=_("Evaluator category"), choices=EvaluatorCategory.choices)
    organisation = forms.CharField(label=_("Employer or organisation"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class IssueForm(Bootstrap, forms.Form):
    NAMED = (("none", _("No named ballots")), ("missing", _("Evaluators without a valid ballot")),
             ("all", _("All evaluators who have not voted (re-issue: old ballots are revoked)")))
    named = forms.ChoiceField(label=_("Named ballots"), choices=NAMED, initial="missing")
    category = forms.ChoiceField(label=_("Category of anonymous ballots"), choices=EvaluatorCategory.choices,
                                 initial=EvaluatorCategory.CITIZEN)
    count = forms.IntegerField(label=_("Anonymous ballots"), min_value=0, max_value=500, initial=0)


class QuestionForm(Bootstrap, forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    asked_by = forms.CharField(label=_("Asked by"), max_length=100, required=False)
    question = forms.CharField(label=_("Question or opinion"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(Bootstrap, forms.Form):
    answered_by = forms.CharField(label=_("Answered by"), max_length=100, required=False)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class AgendaForm(Bootstrap, forms.Form):
    speaker = forms.CharField(label=_("Reporting leader"), max_length=100, required=False)
    title = forms.CharField(label=_("Report title"), max_length=200, required=False)
    done = forms.BooleanField(label=_("Done"), required=False)


class VetoForm(Bootstrap, forms.Form):
    unit = forms.IntegerField(label=_("Unit"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    reference = forms.CharField(label=_("Reference (e.g. case number)"), max_length=100, required=False)


class TalkForm(Bootstrap, forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=TalkState.choices)
    held_on = forms.DateField(label=_("Day of the talk"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommendationForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Notice title"), max_length=200)
    addressee = forms.CharField(label=pgettext_lazy("document", "Addressed to"), max_length=300)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}))
    signatory = forms.CharField(label=_("Issued by"), max_length=200)
    issued_on = forms.DateField(label=pgettext_lazy("document", "Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NewEvaluationForm(Bootstrap, forms.Form):
    """A county's (or another holder's) evaluation: the units are those offered below it."""

    ballot_form = forms.ChoiceField(label=_("Ballot form"), choices=BallotForm.choices)
    min_answered = forms.IntegerField(label=_("Fewest answered ballots for a rank"), min_value=1, max_value=10000,
                                      initial=10)


class UnitsForm(forms.Form):
    """Units chosen by checkbox among `units` (the evaluation's, or those below a holder)."""

    units = UnitsField(label=pgettext_lazy("evaluation", "Units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                       to_field_name="code")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class CategoryUnitsForm(UnitsForm):
    category = forms.ChoiceField(label=_("Evaluator category"), choices=EvaluatorCategory.choices)
