from django.urls import path

from xingping.evaluation import views, views_levels

app_name = "evaluation"

# The pages of one evaluation. Each is served twice under the same name: for the root's
# (the city's) evaluation at /evaluation/<slug>/<route> (C7's original addresses), and
# for the evaluation any unit holds at /evaluation/<slug>/levels/<CODE>/<route>
# (`{% evurl %}` and `views.ev_reverse` pick the right one from the evaluation).
EVALUATION_PAGES = [
    ("", views.overview, "overview"),
    ("evaluated-units/", views_levels.evaluated_units, "evaluated-units"),
    ("rubric/", views.rubric, "rubric"),
    ("rubric/<str:kind>/new/", views.rubric_edit, "rubric-add"),
    ("rubric/<str:kind>/<int:pk>/", views.rubric_edit, "rubric-edit"),
    ("rubric/<str:kind>/<int:pk>/delete/", views.rubric_delete, "rubric-delete"),
    ("evaluators/", views.evaluators, "evaluators"),
    ("evaluators/assign/", views.category_assign, "category-assign"),
    ("evaluators/<int:pk>/units/", views.evaluator_units, "evaluator-units"),
    ("evaluators/<int:pk>/delete/", views.evaluator_delete, "evaluator-delete"),
    ("ballots/issue/", views.ballots_issue, "ballots-issue"),
    ("meeting/", views.meeting, "meeting"),
    ("meeting/voting/<str:action>/", views.voting, "voting"),
    ("meeting/agenda/<int:pk>/", views.agenda_edit, "agenda-edit"),
    ("meeting/questions/", views.question_add, "question-add"),
    ("meeting/questions/<int:pk>/answer/", views.question_answer, "question-answer"),
    ("live/", views.live, "live"),
    ("results/", views.results, "results"),
    ("results/export/", views.results_export, "results-export"),
    ("results/recompute/", views.recompute, "recompute"),
    ("results/vetoes/", views.veto_add, "veto-add"),
    ("results/vetoes/<int:pk>/delete/", views.veto_delete, "veto-delete"),
    ("results/vetoes/<int:pk>/confirm/", views.veto_confirm, "veto-confirm"),
    ("results/consequences/", views.consequences, "consequences"),
    ("talks/<int:pk>/", views.talk_edit, "talk-edit"),
    ("commendation/", views.commendation, "commendation"),
    ("units/<str:code>/", views.unit_page, "unit"),
    ("tally/", views.tally, "tally"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("b/<str:token>/", views.ballot_page, name="ballot-page"),
    # Evaluations at every level (issue 12).
    path("<slug:slug>/levels/", views_levels.levels_index, name="levels"),
    path("<slug:slug>/levels/new/", views_levels.level_new, name="level-new"),
    path("<slug:slug>/levels/<str:holder>/charts/", views_levels.level_charts, name="level-charts"),
    path("<slug:slug>/levels/<str:holder>/paper/", views_levels.paper_index, name="paper"),
    path("<slug:slug>/levels/<str:holder>/paper/print/", views_levels.paper_print, name="paper-print"),
    path("<slug:slug>/levels/<str:holder>/paper/entry/", views_levels.paper_entry, name="paper-entry"),
    path("<slug:slug>/setup/", views.setup, name="setup"),
]
urlpatterns += [path(f"<slug:slug>/{route}", view, name=name) for route, view, name in EVALUATION_PAGES]
urlpatterns += [path(f"<slug:slug>/levels/<str:holder>/{route}", view, name=name) for route, view, name in EVALUATION_PAGES]
