"""`/healthz`: a liveness probe for nginx and load balancers, and the trivial endpoint that the
benchmarks compare pages against (same server, same run). No database, no session."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")
