from django.urls import path

from xingping.evaluation import views, views_levels

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("b/<str:token>/", views.ballot_page, name="ballot-page"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/setup/", views.setup, name="setup"),
    path("<slug:slug>/rubric/", views.rubric, name="rubric"),
    path("<slug:slug>/rubric/<str:kind>/new/", views.rubric_edit, name="rubric-add"),
    path("<slug:slug>/rubric/<str:kind>/<int:pk>/", views.rubric_edit, name="rubric-edit"),
    path("<slug:slug>/rubric/<str:kind>/<int:pk>/delete/", views.rubric_delete, name="rubric-delete"),
    path("<slug:slug>/evaluators/", views.evaluators, name="evaluators"),
    path("<slug:slug>/evaluators/<int:pk>/delete/", views.evaluator_delete, name="evaluator-delete"),
    path("<slug:slug>/ballots/issue/", views.ballots_issue, name="ballots-issue"),
    path("<slug:slug>/meeting/", views.meeting, name="meeting"),
    path("<slug:slug>/meeting/voting/<str:action>/", views.voting, name="voting"),
    path("<slug:slug>/meeting/agenda/<int:pk>/", views.agenda_edit, name="agenda-edit"),
    path("<slug:slug>/meeting/questions/", views.question_add, name="question-add"),
    path("<slug:slug>/meeting/questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("<slug:slug>/live/", views.live, name="live"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/results/export/", views.results_export, name="results-export"),
    path("<slug:slug>/results/vetoes/", views.veto_add, name="veto-add"),
    path("<slug:slug>/results/vetoes/<int:pk>/delete/", views.veto_delete, name="veto-delete"),
    path("<slug:slug>/results/consequences/", views.consequences, name="consequences"),
    path("<slug:slug>/talks/<int:pk>/", views.talk_edit, name="talk-edit"),
    path("<slug:slug>/commendation/", views.commendation, name="commendation"),
    path("<slug:slug>/units/<str:code>/", views.unit_page, name="unit"),
    path("<slug:slug>/tally/", views.tally, name="tally"),
    # Evaluations at every level and paper ballots (issue 12).
    path("<slug:slug>/levels/", views_levels.levels_index, name="levels"),
    path("<slug:slug>/levels/new/", views_levels.level_new, name="level-new"),
    path("<slug:slug>/levels/<str:code>/charts/", views_levels.level_charts, name="level-charts"),
    path("<slug:slug>/levels/<str:code>/paper/", views_levels.paper_index, name="paper"),
    path("<slug:slug>/levels/<str:code>/paper/print/", views_levels.paper_print, name="paper-print"),
    path("<slug:slug>/levels/<str:code>/paper/entry/", views_levels.paper_entry, name="paper-entry"),
]
