"""Demo units and staff: a city bureau with departments, three county bureaus, one direct
branch, and three to five stations under each; named staff in every role."""

from xingping.accounts.models import Role, User
from xingping.accounts.passwords import password_expired
from xingping.orgs.models import GroupMembership, GroupRole, Level, OrgUnit

# Satisfies both password profiles (dengbao: 3 of 4 character classes; asvs: 12 characters).
DEMO_PASSWORD = "Xingping-demo1"

CITY = ("XG", "孝感市工商行政管理局", "0712-12315")
DEPARTMENTS = [
    ("XG-BGS", "办公室"), ("XG-FGK", "法规科"), ("XG-SCK", "市场规范管理科"),
    ("XG-GTK", "个体私营经济监督管理科"), ("XG-XBK", "消费者权益保护科"), ("XG-JJZ", "纪检组"),
]
COUNTIES = [
    ("XN", "孝南区工商局", Level.COUNTY, "0712-2822315", ["书院", "新华", "广场", "车站", "毛陈"]),
    ("HC", "汉川市工商局", Level.COUNTY, "0712-8422315", ["城隍", "马口", "分水", "沉湖"]),
    ("YC", "应城市工商局", Level.COUNTY, "0712-3222315", ["城中", "长江埠", "杨岭"]),
    ("KFQ", "孝感市工商局开发区分局", Level.BRANCH, "0712-2452315", ["槐荫", "孝天", "朱湖"]),
]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["建国", "志强", "海燕", "晓明", "丽华", "国平", "文军", "秀英", "红梅", "立新", "卫东", "春兰", "鹏程", "爱武", "俊杰", "静"]


def _unit(code, name, level, parent=None, hotline="", order=0):
    path = OrgUnit.build_path(parent, code)
    unit, _ = OrgUnit.objects.update_or_create(
        code=code,
        defaults=dict(name=name, level=level, parent=parent, path=path, depth=path.count("/") - 1, hotline=hotline, sort_order=order),
    )
    return unit


class _Names:
    def __init__(self):
        self.i = 0

    def next(self):
        self.i += 1
        return SURNAMES[(self.i * 7) % len(SURNAMES)] + GIVEN[(self.i * 5) % len(GIVEN)]


def _user(username, name, unit, roles, title=""):
    user, created = User.objects.get_or_create(username=username, defaults={"last_name": name, "unit": unit})
    user.last_name, user.unit, user.title = name, unit, title
    user.set_roles(roles)
    # (Re)set the printed password for new accounts, accounts from before password ages were
    # kept (the old demo password), and demo passwords past the profile's age: the printed
    # accounts always sign in without being sent to the change page.
    if created or not user.has_usable_password() or user.password_changed_at is None or password_expired(user):
        user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def load(ctx):
    names = _Names()
    city = _unit(*CITY[:2], Level.CITY, hotline=CITY[2])
    units = {"city": city, "departments": {}, "counties": [], "stations": []}
    for order, (code, name) in enumerate(DEPARTMENTS):
        units["departments"][code] = _unit(code, name, Level.DEPARTMENT, city, order=order)
    for order, (code, name, level, hotline, stations) in enumerate(COUNTIES):
        county = _unit(code, name, level, city, hotline=hotline, order=order)
        units["counties"].append(county)
        for i, sname in enumerate(stations, start=1):
            suffix = "工商所" if level == Level.COUNTY else "工商所"
            units["stations"].append(_unit(f"{code}{i:02d}", f"{sname}{suffix}", Level.STATION, county, order=i))

    office_dept = units["departments"]["XG-BGS"]
    accounts = []
    users = {}

    def add(role_label, username, name, unit, roles, title="", show=False):
        users[username] = _user(username, name, unit, roles, title)
        if show:
            accounts.append((role_label, username, DEMO_PASSWORD))
        return users[username]

    add("campaign office", "office", "孔爱武", office_dept, [Role.OFFICE, Role.STAFF], "行评办副主任", show=True)
    add("city leader", "city_leader", "韩北平", city, [Role.LEADER], "党组书记、局长", show=True)
    add("discipline inspector", "inspector", "胡国平", units["departments"]["XG-JJZ"], [Role.INSPECTOR], "纪检组长", show=True)
    add("auditor", "auditor", "审计员", office_dept, [Role.AUDITOR], "审计员", show=True)
    add("city deputy", "city_deputy", "廖鹏程", city, [Role.LEADER], "党组副书记、副局长")
    for code, _name in DEPARTMENTS:
        dept = units["departments"][code]
        add(None, f"{code.lower().replace('-', '_')}_staff", names.next(), dept, [Role.STAFF], "科员")
    for county in units["counties"]:
        c = county.code.lower()
        add("county leader" if c == "xn" else None, f"{c}_leader", names.next(), county, [Role.LEADER], "局长", show=c == "xn")
        add("county staff" if c == "xn" else None, f"{c}_staff", names.next(), county, [Role.STAFF], "科员", show=c == "xn")
        add(None, f"{c}_inspector", names.next(), county, [Role.INSPECTOR], "纪检组长")
    for station in units["stations"]:
        s = station.code.lower()
        add("station leader" if s == "xn01" else None, f"{s}_leader", names.next(), station, [Role.LEADER], "所长", show=s == "xn01")
        add("station staff" if s == "xn01" else None, f"{s}_staff", names.next(), station, [Role.STAFF], "工商管理员", show=s == "xn01")
        add(None, f"{s}_staff2", names.next(), station, [Role.STAFF], "工商管理员")

    # The city leadership group (领导小组) as the plan names it, and its office (行评办).
    if not GroupMembership.objects.filter(unit=city).exists():
        seats = [
            (GroupRole.LEADER, users["city_leader"], "韩北平", "党组书记、局长"),
            (GroupRole.DEPUTY, users["city_deputy"], "廖鹏程", "党组副书记、副局长"),
            (GroupRole.DEPUTY, users["inspector"], "胡国平", "党组成员、纪检组长"),
            (GroupRole.OFFICE_DIRECTOR, users["inspector"], "胡国平", "兼行评办主任"),
            (GroupRole.OFFICE_DEPUTY, users["office"], "孔爱武", "行评办副主任"),
        ] + [(GroupRole.MEMBER, None, f"{name}负责人", name) for _c, name in DEPARTMENTS]
        for order, (role, person, name, title) in enumerate(seats):
            GroupMembership.objects.create(unit=city, role=role, person=person, name=name, title=title, sort_order=order)
        for county in units["counties"]:
            c = county.code.lower()
            GroupMembership.objects.create(unit=county, role=GroupRole.LEADER, person=users[f"{c}_leader"],
                                           name=users[f"{c}_leader"].display_name, title="局长（一把手）")
            GroupMembership.objects.create(unit=county, role=GroupRole.WORK_TEAM, person=users[f"{c}_staff"],
                                           name=users[f"{c}_staff"].display_name, title="工作专班")

    ctx.update(units=units, users=users, accounts=accounts)
