"""Test helpers that name domain apps: factories for units and staff, a ready-made small
hierarchy (`Tree`) and a campaign from the seed plan. Generic helpers (the role × view
matrix, a clock freezer, the browser login) are in `xingping.core.testing`."""

import factory

from xingping.accounts.models import User
from xingping.orgs.models import Level, OrgUnit

PASSWORD = "test-pass-123"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.LazyAttribute(lambda o: f"单位{o.code}")
    level = Level.STATION
    parent = None
    path = factory.LazyAttribute(lambda o: OrgUnit.build_path(o.parent, o.code))
    depth = factory.LazyAttribute(lambda o: o.path.count("/") - 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Sequence(lambda n: f"职工{n}")
    unit = None
    roles = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class Tree:
    """city XG (+ department XG-BGS, XG-JJZ) → county XN → stations XN01, XN02;
    county HC → station HC01; branch KFQ. One user per role where it matters."""

    def __init__(self):
        u = UnitFactory
        self.city = u(code="XG", name="市局", level=Level.CITY)
        self.dept = u(code="XG-BGS", name="办公室", level=Level.DEPARTMENT, parent=self.city)
        self.jjz = u(code="XG-JJZ", name="纪检组", level=Level.DEPARTMENT, parent=self.city)
        self.county = u(code="XN", name="孝南区局", level=Level.COUNTY, parent=self.city)
        self.station = u(code="XN01", name="书院所", level=Level.STATION, parent=self.county)
        self.station2 = u(code="XN02", name="新华所", level=Level.STATION, parent=self.county)
        self.county2 = u(code="HC", name="汉川市局", level=Level.COUNTY, parent=self.city)
        self.station3 = u(code="HC01", name="城隍所", level=Level.STATION, parent=self.county2)
        self.branch = u(code="KFQ", name="开发区分局", level=Level.BRANCH, parent=self.city)
        f = UserFactory
        self.office = f(username="office", unit=self.dept, roles="office;staff")
        self.auditor = f(username="auditor", unit=self.dept, roles="auditor")
        self.city_inspector = f(username="inspector", unit=self.jjz, roles="inspector")
        self.city_leader = f(username="city_leader", unit=self.city, roles="leader")
        self.dept_staff = f(username="dept_staff", unit=self.dept, roles="staff")
        self.county_leader = f(username="xn_leader", unit=self.county, roles="leader")
        self.county_staff = f(username="xn_staff", unit=self.county, roles="staff")
        self.county_inspector = f(username="xn_inspector", unit=self.county, roles="inspector")
        self.station_leader = f(username="xn01_leader", unit=self.station, roles="leader")
        self.station_staff = f(username="xn01_staff", unit=self.station, roles="staff")
        self.station2_staff = f(username="xn02_staff", unit=self.station2, roles="staff")
        self.other_county_leader = f(username="hc_leader", unit=self.county2, roles="leader")
        self.other_station_staff = f(username="hc01_staff", unit=self.station3, roles="staff")
        self.nobody = f(username="nobody", unit=None, roles="")

    ROLE_USERS = (
        "office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff",
        "county_inspector", "station_leader", "station_staff", "other_county_leader", "other_station_staff",
    )

    def users_by_name(self):
        return {name: getattr(self, name) for name in self.ROLE_USERS}


def make_campaign(slug="c2026", year=2026, shift_days=0):
    from xingping.campaigns.services import campaign_create

    return campaign_create(actor=None, slug=slug, year=year, shift_days=shift_days)




def build_world(tree, campaign):
    """One object of every scoped kind, all in station XN01 (under county XN; HC is the other
    county), for the role × view matrices (`ROLE_MATRIX` in each app's test_views_matrix.py)."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from xingping.campaigns import services as campaign_services
    from xingping.cases import services as case_services
    from xingping.cases.models import CaseAttachment, Kind
    from xingping.entities.models import ImportJob
    from xingping.entities.testing import make_entity, make_visit
    from xingping.evaluation import services as evaluation_services
    from xingping.outreach.models import VisitCheck
    from xingping.rectification import services as rect_services
    from xingping.rectification.models import ItemClass, SelfAnalysis

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
           b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    w = {"campaign": campaign}
    deliverables = {d.code: d for d in campaign.deliverables.all()}
    sub = campaign_services.submission_save_draft(actor=tree.station_staff, deliverable=deliverables["station_self_inspection"],
                                                  unit=tree.station, body="书院所自查")
    w["attachment"] = campaign_services.attachment_add(actor=tree.station_staff, submission=sub,
                                                       uploaded=SimpleUploadedFile("r.pdf", pdf))
    w["submission"] = sub
    w["entity"] = make_entity(tree.station, responsible=tree.station_staff, phone="13900000000")
    w["visit"] = make_visit(w["entity"], tree.station_staff, datetime.date(2026, 7, 2), efficiency=2, opinions="态度差")
    w["check"] = VisitCheck.objects.create(visit=w["visit"], campaign=campaign, unit=tree.station)
    w["import_job"] = ImportJob.objects.create(kind="entities", original_name="x.csv", file="imports/x.csv")
    case = case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                     title="窗口服务投诉", complainant_name="李四", complainant_phone="13900001111")
    w["case"] = case
    w["case_attachment"] = CaseAttachment.objects.create(case=case, file=SimpleUploadedFile("a.pdf", pdf), name="a.pdf")
    w["case_request"] = case_services.case_request(actor=tree.station_staff, case=case, kind="extension", reason="需要延期",
                                                   new_due_on=case.due_on + datetime.timedelta(days=10))
    ev = evaluation_services.evaluation_setup(actor=tree.office, campaign=campaign)
    w["evaluation"] = ev
    w["area"] = ev.areas.first()
    w["rubric_item"] = ev.items.first()
    w["evaluator"] = evaluation_services.evaluator_save(actor=tree.office, evaluation=ev, name="王五", category="citizen")
    w["agenda"] = ev.agenda.first()
    w["talk"] = None
    w["question"] = evaluation_services.question_record(actor=tree.office, evaluation=ev, unit=tree.station, question="问题？")
    w["veto"] = evaluation_services.veto_record(actor=tree.office, evaluation=ev, unit=tree.station, reason="一票否决")
    w["token"] = evaluation_services.tokens_issue(actor=None, evaluation=ev, count=1)[0][2]
    finding = rect_services.finding_create(actor=tree.station_staff, campaign=campaign, unit=tree.station, title="问题",
                                           category="execution", source="self_inspection")
    day = timezone.localdate()
    item = rect_services.item_create(actor=tree.station_leader, finding=finding, item="每周调度", method="建立台账",
                                     standard="达到平均水平", deadline=day + datetime.timedelta(days=10),
                                     responsible=tree.station_staff, item_class=ItemClass.PLANNED,
                                     milestones=[("步骤", day + datetime.timedelta(days=2))])
    rect_services.item_post_progress(actor=tree.station_staff, item=item, percent=50, note="进展",
                                     evidence=SimpleUploadedFile("p.png", png))
    w["item"] = item
    w["post"] = item.posts.exclude(evidence="").first()
    w["milestone"] = item.milestones.first()
    w["fee"] = rect_services.fee_create(actor=tree.station_staff, campaign=campaign, unit=tree.station, description="资料费",
                                        amount="100", payer="某户", found_on=day)
    w["system"] = rect_services.institution_update(actor=tree.station_leader, campaign=campaign, unit=tree.station,
                                                   code="accountability", status="issued", issued_on=day,
                                                   document=SimpleUploadedFile("doc.png", png))
    w["finding"] = finding
    w["png"] = png
    w["selfanalysis"] = SelfAnalysis.objects.create(campaign=campaign, author=tree.station_staff, unit=tree.station,
                                                    phenomena="现象", causes="原因", harm="危害", submitted_at=timezone.now())
    return w
