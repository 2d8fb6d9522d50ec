"""`xingping demo [--port N] [--no-serve]` (C2): migrate, load the demo data (idempotent),
print the URL and the demo accounts, and serve until stopped.

Demo data comes from each app's `demo.py` (a `load(ctx)` function), in app order: the
foundation makes units, staff and the campaign; later apps add their records to `ctx`."""

import os
import subprocess
import sys
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

def demo_apps():
    """Every Xingping app in INSTALLED_APPS order (dependencies first): no list to keep here."""
    from django.apps import apps

    return [cfg.name for cfg in apps.get_app_configs() if cfg.name.startswith("xingping.")]


def load_demo(stdout=None):
    ctx = {}
    for app in demo_apps():
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        with transaction.atomic():
            module.load(ctx)
    return ctx


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Load the demo data and serve the app (what `make demo` runs)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--no-serve", action="store_true", help="load the demo data and exit")

    def handle(self, port, no_serve=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        ctx = load_demo()
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(f"Xingping demo: {url}")
        self.stdout.write("Demo accounts:")
        for role, username, password in ctx.get("accounts", []):
            self.stdout.write(f"  {role}: {username} / {password}")
        # Links demo loaders want printed, e.g. ballot QR links: (label, path) on this server.
        base = (getattr(settings, "XINGPING_PUBLIC_URL", "") or url).rstrip("/")
        for label, path in ctx.get("links", []):
            self.stdout.write(f"{label}: {base}{path}")
        if no_serve:
            return
        self.stdout.flush()
        # Background tasks (large imports) run in a worker beside the web server.
        worker = subprocess.Popen([sys.executable, "-m", "xingping", "db_worker"], env=os.environ.copy())
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)
        finally:
            worker.terminate()
