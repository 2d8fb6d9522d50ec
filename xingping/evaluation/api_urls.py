"""Under /api/v1/: the public ballot endpoint (C7)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from xingping.evaluation.api import BallotView

urlpatterns = [
    path("ballots/<str:token>/", login_not_required(BallotView.as_view()), name="evaluation-ballot-api"),
]
