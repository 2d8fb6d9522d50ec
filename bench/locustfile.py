"""Load mix for Xingping (issue 14 part 5): run with Locust against nginx.

    locust -f bench/locustfile.py --headless -u 200 -r 10 -t 10m --host http://127.0.0.1:8080 \
        --csv var/locust

Who does what (weights are per user class; each waits 1–5 s between actions, as people do):
- OfficeStaff (行评办/单位干部): dashboards, the case list (filtered and paged), figures, the ledger;
- FieldStaff (基层所干部, phone): my entities, then records a visit with the opinion form;
- Citizen (public): the portal, files a complaint, tracks it, reads hotlines; and `/healthz`, the
  trivial endpoint (no database, no session) that reports compare the pages with, same run;
- Evaluator (phone): fetches a ballot and posts it once (tokens from XP_LOCUST_TOKENS, a file with
  one ballot URL per line, as `xingping evaluation tokens` prints them).

Accounts come from XP_LOCUST_ACCOUNTS (JSON {"office": ["user", "password"], "field": [...]}),
by default the demo's. A response of 500 or above, or an unexpected status, is a failure.
"""

import datetime
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("XP_LOCUST_ACCOUNTS", "{}")) or {
    "office": ["office", os.environ.get("XP_LOCUST_PASSWORD", "xingping-demo")],
    "field": ["xn01_staff", os.environ.get("XP_LOCUST_PASSWORD", "xingping-demo")],
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_tokens_lock = threading.Lock()
_tokens = []
if os.environ.get("XP_LOCUST_TOKENS"):
    with open(os.environ["XP_LOCUST_TOKENS"]) as fh:
        _tokens = [line.strip().rstrip("/").rsplit("/", 1)[-1] for line in fh if line.strip()]


def csrf_of(resp):
    match = CSRF.search(resp.text or "")
    return match.group(1) if match else ""


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    account = "office"

    def on_start(self):
        user, password = ACCOUNTS[self.account]
        page = self.client.get("/accounts/login/", name="login page")
        with self.client.post("/accounts/login/", data={"csrfmiddlewaretoken": csrf_of(page), "username": user,
                              "password": password}, allow_redirects=False, name="sign in", catch_response=True) as resp:
            if resp.status_code != 302:
                resp.failure(f"sign-in answered {resp.status_code}")


class OfficeStaff(SignedIn):
    weight = 3
    account = "office"

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(4)
    def case_list(self):
        self.client.get(f"/cases/?page={random.randint(1, 3)}", name="case list")

    @task(2)
    def case_list_filtered(self):
        self.client.get("/cases/?kind=complaint&status=open", name="case list (filtered)")

    @task(2)
    def figures(self):
        self.client.get("/metrics/", name="figures")

    @task(1)
    def ledger(self):
        self.client.get("/rectification/", name="rectification")

    @task(1)
    def visits(self):
        self.client.get("/outreach/visits/", name="visit list")


class FieldStaff(SignedIn):
    weight = 2
    account = "field"

    @task(2)
    def my_entities(self):
        self.client.get("/outreach/", name="my entities")

    @task(1)
    def record_visit(self):
        page = self.client.get("/outreach/", name="my entities")
        links = re.findall(r'href="(/outreach/entities/(\d+)/visit/)"', page.text or "")
        if not links:
            return
        url = random.choice(links)[0]
        form = self.client.get(url, name="visit form")
        data = {"csrfmiddlewaretoken": csrf_of(form), "visited_on": datetime.date.today().isoformat(), "kind": "visit",
                "method": "onsite", "opinions": "", "suggestions": ""}
        for dim in ("efficiency", "openness", "lawfulness", "civility", "diligence", "ethics"):
            data[dim] = str(random.choice([3, 4, 5]))
        with self.client.post(url, data=data, allow_redirects=False, name="record visit", catch_response=True) as resp:
            if resp.status_code not in (200, 302):  # 200: the form again (e.g. already visited today)
                resp.failure(f"visit answered {resp.status_code}")


class Citizen(HttpUser):
    weight = 2
    wait_time = between(1, 5)

    @task(3)
    def portal(self):
        self.client.get("/", name="portal")

    @task(2)
    def hotlines(self):
        self.client.get("/cases/public/hotlines/", name="hotlines")

    @task(1)
    def health(self):  # the trivial endpoint (no database, no session) the pages are compared with
        self.client.get("/healthz", name="healthz")

    @task(1)
    def complain_and_track(self):
        form = self.client.get("/cases/public/", name="complaint form")
        units = re.findall(r'<option value="(\d+)"', form.text or "")
        if not units:
            return
        data = {"csrfmiddlewaretoken": csrf_of(form), "kind": "complaint", "unit": random.choice(units),
                "title": "办事窗口排队时间长", "content": "上午排队两个小时仍未办理。", "anonymous": "on", "website": ""}
        with self.client.post("/cases/public/", data=data, name="file complaint", catch_response=True) as resp:
            if resp.status_code not in (200, 429):  # 429: the per-address rate limit, by design
                resp.failure(f"complaint answered {resp.status_code}")
                return
            code = re.search(r"\b([0-9A-F]{4}(?:-[0-9A-F]{4}){3})\b", resp.text or "")
        if code:
            self.client.get(f"/cases/public/track/?code={code.group(1)}", name="track complaint")


class Evaluator(HttpUser):
    weight = 1
    wait_time = between(1, 5)

    @task
    def ballot(self):
        with _tokens_lock:
            token = _tokens.pop() if _tokens else None
        if token is None:
            return
        got = self.client.get(f"/api/v1/ballots/{token}/", name="ballot (get)")
        if got.status_code != 200:
            return
        data = got.json()
        scores = {u["code"]: {i["code"]: random.choice([c["value"] for c in i["choices"] if not c.get("abstain")])
                              for i in data["items"]} for u in data["units"]}
        with self.client.post(f"/api/v1/ballots/{token}/", json={"scores": scores}, name="ballot (post)",
                              catch_response=True) as resp:
            if resp.status_code != 201:
                resp.failure(f"ballot answered {resp.status_code}")
