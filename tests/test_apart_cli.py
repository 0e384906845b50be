#!/usr/bin/env python3
"""test_apart_cli.py — stories kept apart, through the program (src/engine/apart.c).

Formula copy: an outlet's market wrap filled anew on other days is a new
story, each decision naming the closest fill it was kept apart from and why;
a copy of one fill, a copy-edit of a crash story and its updates (a toll
corrected, a paragraph added) stay with what they copy. In English, Russian
and Urdu; in Chinese, a names-only formula filled twice in one hour and
again the next day (also against a paper's copy of a fill), beside a flood
story's copy-edit, updates and same-hour write-through, which stay with it.
Briefs: a brief-heavy outlet's furniture paragraph, as long as its
stories, links none of them, from its first stories on; a brief whose own
text is a line is never matched on it; a copy by another outlet and an
update still link. The report's clusters are checked exactly.

Usage: test_apart_cli.py SOURCE_ROOT NEWSPRINT"""

import json
import sys

from nptest import Suite, run

MARKET = ("Stocks closed {dir} on {day} as investors weighed new data from the {dept} "
          "Department.\n\nThe Dow Jones Industrial Average {verb} {p1} points, or {c1}%, to "
          "{l1}. The S&P 500 lost {p2} points, or {c2}%, to {l2}, and the Nasdaq Composite "
          "dropped {p3} points to {l3}.\n\nShares of {firm} led the decline, sliding {c3}% "
          "after the company cut its forecast. Oil fell {c4}% to ${oil} a barrel, and the "
          "yield on the 10-year note rose to {y}%.\n\nTraders said the session was shaped by comments "
          "from officials at the Federal Reserve, who signaled that interest rates would stay on "
          "hold for longer than markets had expected. Bond yields moved in a narrow range through "
          "the afternoon, and the dollar was little changed against a basket of major currencies "
          "by {time} in New York.\n\nIn company news, shares of {firm2} gained {c5}% after the "
          "retailer reported quarterly sales that beat the forecasts of analysts, while "
          "technology stocks were mixed for most of the day. Trading volume on the main "
          "exchanges was about {vol} billion shares, below the average of the past twenty "
          "sessions.\n\nThis report is produced automatically from exchange data each trading "
          "day after the closing bell. Prices are delayed and may be revised after the close, "
          "and the figures do not include trading on other venues or in the after-hours "
          "session.")
FILLS = [
    dict(dir="lower", day="Tuesday", dept="Commerce", verb="fell", p1="123.45", c1="0.4",
         l1="34,567.89", p2="12.3", c2="0.3", l2="4,432.10", p3="45.6", l3="13,210.98",
         firm="Acme Corp", c3="6.1", c4="1.2", oil="78.40", y="4.21", time="4:10 p.m.",
         firm2="Target", c5="3.3", vol="11.2"),
    dict(dir="higher", day="Wednesday", dept="Labor", verb="rose", p1="88.02", c1="0.3",
         l1="35,101.40", p2="9.8", c2="0.2", l2="4,501.77", p3="31.2", l3="13,877.05",
         firm="Bolt Industries", c3="4.7", c4="0.8", oil="80.15", y="4.35", time="4:05 p.m.",
         firm2="Walmart", c5="1.9", vol="10.7"),
    dict(dir="lower", day="Thursday", dept="Treasury", verb="fell", p1="301.77", c1="0.9",
         l1="34,800.12", p2="20.4", c2="0.5", l2="4,388.02", p3="77.1", l3="13,001.65",
         firm="Cobalt Mining", c3="8.2", c4="2.0", oil="76.90", y="4.18", time="4:15 p.m.",
         firm2="Costco", c5="2.6", vol="12.9"),
]

CRASH = ("At least {toll} people died when a bus fell into a ravine near Cusco on Monday, "
         "police said.\n\nThe bus was carrying 40 passengers from Lima to Cusco when it left "
         "the road in heavy rain, the regional governor Ana Quispe told reporters.\n\nRescue "
         "teams from Arequipa reached the site late on Monday, and {hurt} of the injured were "
         "taken to the hospital in Cusco, where doctors said several were in a serious "
         "condition.")
MORE = ("\n\nPresident Dina Boluarte declared three days of mourning on Tuesday and ordered "
        "an inquiry into the state of the Andean roads, which saw 31 fatal crashes in 2023.")
EDITED = ("At least 10 people were killed when a bus plunged into a ravine near Cusco on "
          "Monday, police said.\n\nThe bus, carrying 40 passengers from Lima to Cusco, left the "
          "road in heavy rain, regional governor Ana Quispe told reporters.\n\nRescue teams "
          "from Arequipa arrived at the site late on Monday, and 22 of the injured were taken "
          "to the hospital in Cusco, where doctors said several were in a serious condition.")

RU = ("Индекс Мосбиржи по итогам торгов {d} снизился на {a}% до {b} пункта. Индекс РТС упал "
      "на {c}% до {e} пункта. Курс доллара вырос на {f} копеек до {g} рубля, а курс евро "
      "прибавил {h} копеек и составил {i} рубля. Участники рынка ждут решения центрального "
      "банка по ключевой ставке, которое будет объявлено на следующей неделе, и следят за "
      "ценами на нефть. Аналитики отмечают, что объем торгов остается ниже среднего уровня "
      "последних месяцев, а инвесторы предпочитают не рисковать перед выходными. Лидером "
      "снижения стали акции компании {j}, которые подешевели на {k}%. Обзор составлен "
      "автоматически по данным биржи после закрытия основной торговой сессии и может быть "
      "уточнен после публикации итоговых данных за день.")
RU_FILLS = [dict(d="во вторник", a="1,2", b="2845,3", c="0,9", e="1012,4", f="35", g="91,20",
                 h="20", i="99,10", j="Газпром", k="2,1"),
            dict(d="в пятницу", a="0,4", b="2901,7", c="0,6", e="1040,8", f="12", g="90,05",
                 h="41", i="98,35", j="Сбербанк", k="1,7")]
UR = ("کراچی اسٹاک ایکسچینج میں آج کاروبار کے اختتام پر 100 انڈیکس {a} پوائنٹس کمی کے بعد "
      "{b} پر بند ہوا۔ آج مجموعی طور پر {c} کمپنیوں کے حصص کا کاروبار ہوا جن میں سے {d} کے "
      "بھاؤ بڑھے اور {e} کے بھاؤ کم ہوئے۔ کاروبار کا حجم {f} کروڑ حصص رہا جبکہ مارکیٹ "
      "کا سرمایہ {g} ارب روپے رہا۔ ماہرین کے مطابق سرمایہ کار مرکزی بینک کی مانیٹری پالیسی "
      "کے اعلان کا انتظار کر رہے ہیں اور اسی وجہ سے مارکیٹ میں محتاط رویہ دیکھا گیا۔ "
      "تیل اور گیس کے شعبے کے حصص میں فروخت کا دباؤ رہا جبکہ بینکوں کے حصص میں معمولی "
      "خریداری دیکھی گئی۔ سب سے زیادہ کاروبار {h} کے حصص میں ہوا جن کی تعداد {i} لاکھ رہی۔")
UR_FILLS = [dict(a="245", b="41250", c="312", d="120", e="170", f="18", g="6950", h="اوجی ڈی سی", i="45"),
            dict(a="97", b="40870", c="298", d="143", e="131", f="22", g="6880", h="لکی سیمنٹ", i="38")]


# Chinese, a script without capitals: a names-only formula (an appointments
# list) filled twice within minutes by its outlet and again the next day,
# a paper's copy of the first fill; a flood story, a paper's copy-edit, an
# update correcting the toll and the injured in one sentence, one adding a
# paragraph, and a write-through of the same hour that rewords it and keeps
# its figures.
ZH_APPOINT = ("国务院日前任免国家工作人员，任命{a}为{m}副部长，有关决定已经国务院常务会议研究通过并正式对外公布。"
              "\n\n根据有关规定，新任副部长将分管本部门的人事、财务和对外交流等方面的日常工作，{a}同时兼任部党组成员。"
              "\n\n免去{c}的{m}副部长职务，另有任用，其原来分管的各项工作将在近期内完成交接，确保部门工作平稳有序运行。"
              "\n\n据了解，{c}在任期间为部门的改革和发展作出了积极贡献，国务院对其多年来的辛勤工作表示充分肯定和感谢。"
              "\n\n以上任免决定自发布之日起生效，{m}已经通知本人，并将在全系统内予以通报，要求各单位认真做好相关衔接工作。")
ZH_FILLS = [dict(a="张伟", c="王强", m="教育部"), dict(a="陈静", c="赵磊", m="民政部"),
            dict(a="周涛", c="徐刚", m="商务部")]
ZH_FLOOD = ("四川省阿坝州周一发生山洪，造成至少{toll}人死亡，另有{hurt}人受伤，当地政府已启动应急响应。\n\n"
            "据当地官员介绍，连日强降雨引发山洪，冲毁了沿河的多座房屋和一段公路，救援队伍正在现场搜救失踪人员。\n\n"
            "受伤人员已被送往附近医院救治，其中数人伤势较重，医疗队正在全力抢救。")
ZH_MORE = "\n\n应急管理部已派出工作组赶赴灾区，指导抢险救灾和受灾群众安置工作。"
ZH_EDIT = ("四川省阿坝州周一暴发山洪，造成至少10人遇难，另有22人受伤，当地政府已启动应急响应。\n\n"
           "据当地官员介绍，连日强降雨引发山洪，冲毁了沿河的多座房屋和一段公路，救援人员正在现场搜救失踪人员。\n\n"
           "受伤人员已被送往附近医院救治，其中数人伤势较重，医疗队正在全力抢救。")
ZH_REWRITE = ("四川省阿坝州周一暴发山洪，造成至少10人遇难，另有22人受伤，当地政府已经启动应急响应。\n\n"
              "据当地官员介绍，连日强降雨引发山洪，冲毁了沿河的多座房屋和一段公路，救援人员正在现场搜救失踪人员。\n\n"
              "受伤人员已被送往附近医院救治，其中数人伤势较重，医疗人员正在全力抢救。")


def zh_record(id_, outlet, when, text):
    return {"id": id_, "outlet": outlet, "published": f"2025-03-{when}Z", "lang": "zh",
            "text": text}


def zh_corpus():
    recs = [zh_record("xh-appoint-1", "新华社", "03T10:02:00", ZH_APPOINT.format(**ZH_FILLS[0])),
            zh_record("xh-appoint-2", "新华社", "03T10:09:00", ZH_APPOINT.format(**ZH_FILLS[1])),
            zh_record("rb-appoint-1", "人民日报", "03T12:30:00",
                      ZH_APPOINT.format(**ZH_FILLS[0]) + "\n\n（来源：新华社）"),
            zh_record("xh-appoint-3", "新华社", "04T10:05:00", ZH_APPOINT.format(**ZH_FILLS[2])),
            zh_record("xh-flood", "新华社", "10T08:00:00", ZH_FLOOD.format(toll=10, hurt=22)),
            zh_record("rb-flood-edit", "人民日报", "10T09:00:00", ZH_EDIT),
            zh_record("xh-flood-toll", "新华社", "10T10:00:00", ZH_FLOOD.format(toll=12, hurt=20)),
            zh_record("xh-flood-more", "新华社", "10T11:00:00",
                      ZH_FLOOD.format(toll=10, hurt=22) + ZH_MORE),
            zh_record("xh-flood-rewrite", "新华社", "10T08:40:00", ZH_REWRITE)]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)


def check_chinese(t, prog):
    db = t.path("zh.db")
    code, out, err = run(prog, "ingest", "--db", db, "--json", "-", stdin=zh_corpus().encode())
    t.eq(code, 0, f"ingest exit status ({err})")
    got = {d["id"]: d for d in map(json.loads, out.splitlines())}
    d = got["xh-appoint-2"]
    t.eq((d["status"], d.get("distinct")), ("new", {
        "id": "xh-appoint-1", "reason": "its outlet's frame filled anew: 5 of 5 sentences put in "
        "other words, no fact in common, 7 minutes apart"}), "a names-only fill of the same hour")
    t.eq((got["rb-appoint-1"]["status"], got["rb-appoint-1"]["match"]["id"]),
         ("near-duplicate", "xh-appoint-1"), "a paper's copy of the first fill")
    t.eq((got["xh-appoint-3"]["status"], got["xh-appoint-3"].get("match")), ("new", None),
         "the next day's fill matches neither the fills nor the paper's copy of one")
    for a in ("rb-flood-edit", "xh-flood-toll", "xh-flood-more", "xh-flood-rewrite"):
        t.eq((got[a]["status"], got[a].get("match", {}).get("id", "-").split("-")[1]),
             ("near-duplicate", "flood"), f"{a} stays with the flood story")
        t.check("distinct" not in got[a], f"{a}: nothing kept apart: {got[a]}")
    code, out, err = run(prog, "report", "--db", db, "--format", "json")
    clusters = sorted(sorted(m["id"] for m in c["members"]) for c in json.loads(out)["clusters"])
    t.eq(clusters, [["rb-appoint-1", "xh-appoint-1"],
                    ["rb-flood-edit", "xh-flood", "xh-flood-more", "xh-flood-rewrite",
                     "xh-flood-toll"]], "the Chinese clusters")


def record(id_, outlet, day, text):
    return {"id": id_, "outlet": outlet, "published": f"2025-03-{day:02d}", "text": text}


def corpus():
    recs = []
    for i, f in enumerate(FILLS):
        recs.append(record(f"ledger-wrap-{i + 1}", "Daily Ledger", 3 + i, MARKET.format(**f)))
    recs.append(record("herald-wrap-2", "Valley Herald", 4, MARKET.format(**FILLS[1])))
    recs.append(record("wire-crash", "Andes Wire", 10, CRASH.format(toll=10, hurt=22)))
    recs.append(record("paper-crash-edit", "Lima Post", 10, EDITED))
    recs.append(record("wire-crash-toll", "Andes Wire", 11, CRASH.format(toll=12, hurt=20)))
    recs.append(record("wire-crash-more", "Andes Wire", 11,
                       CRASH.format(toll=10, hurt=22) + MORE))
    for i, f in enumerate(RU_FILLS):
        recs.append(record(f"ru-wrap-{i + 1}", "Биржевой вестник", 3 + i, RU.format(**f)))
    for i, f in enumerate(UR_FILLS):
        recs.append(record(f"ur-wrap-{i + 1}", "کاروباری خبریں", 3 + i, UR.format(**f)))
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)


FURNITURE = ("Support local journalism: subscribe to the Harbour Gazette for unlimited access "
             "to our reporting from across the county, our daily newsletter and the digital "
             "edition of the paper. Comments on this story are moderated and must follow our "
             "community guidelines. This story was reported with material from wire services.")
HERALD_FURNITURE = ("The Valley Herald is an independent newspaper serving the valley since "
                    "1921. Send your news, letters and photographs to the newsroom, and follow "
                    "us for the latest local headlines, sport and weather every day.")
BRIEFS = [
    "The county council approved a new bus route linking Carrick Bay with the ferry terminal "
    "on Tuesday. Services start in May and will run every 20 minutes on weekdays.",
    "A fire destroyed a storage barn on Mill Lane early on Sunday morning. No one was hurt, "
    "and fire crews from two stations kept the blaze from spreading to nearby homes.",
    "The Harbour Rowing Club won the regional championship for the third year running, "
    "beating crews from six towns in the final race on Saturday afternoon.",
    "Road works on the coast road will close one lane between the lighthouse and the marina "
    "for two weeks from Monday, the highways department said.",
    "The public library will extend its opening hours on Thursdays until 8 pm from next month "
    "after a survey found strong demand for evening study space.",
]
UPDATE = (" The council said a second route to the hospital would be considered at its meeting "
          "in June.")


def briefs():
    recs = [record(f"gazette-{i}", "Harbour Gazette", 1 + i, b + "\n\n" + FURNITURE)
            for i, b in enumerate(BRIEFS)]
    recs.append(record("gazette-tides", "Harbour Gazette", 8,
                       "High tide at 6.12 am.\n\n" + FURNITURE))
    recs.append(record("herald-library", "Valley Herald", 9,
                       BRIEFS[4] + "\n\n" + HERALD_FURNITURE))
    recs.append(record("gazette-0-update", "Harbour Gazette", 9,
                       BRIEFS[0] + UPDATE + "\n\n" + FURNITURE))
    return "".join(json.dumps(r) + "\n" for r in recs)


def check_briefs(t, prog):
    db = t.path("briefs.db")
    code, out, err = run(prog, "ingest", "--db", db, "--json", "-", stdin=briefs().encode())
    t.eq(code, 0, f"ingest exit status ({err})")
    got = {d["id"]: d for d in map(json.loads, out.splitlines())}
    for i in (1, 2):
        d = got[f"gazette-{i}"]
        t.eq((d["status"], d.get("distinct")), ("new", {
            "id": "gazette-0", "reason": "only their outlet's furniture is shared: 1 paragraph "
            "word for word, and their own texts do not match"}), f"gazette-{i}: kept apart")
    for i in (3, 4):  # the furniture is learnt: taken out before matching
        t.eq((got[f"gazette-{i}"]["status"], got[f"gazette-{i}"].get("match")), ("new", None),
             f"gazette-{i}: matches nothing")
    t.eq((got["gazette-tides"]["status"], got["gazette-tides"].get("match")), ("new", None),
         "a brief of one line is never matched on the furniture")
    t.eq((got["herald-library"]["status"], got["herald-library"]["match"]["id"]),
         ("near-duplicate", "gazette-4"), "another outlet's copy of a brief")
    t.eq((got["gazette-0-update"]["status"], got["gazette-0-update"]["match"]["id"]),
         ("near-duplicate", "gazette-0"), "an update of the first brief")
    seg = t.path("brief.jsonl")
    with open(seg, "w") as f:
        f.write(json.dumps(record("gazette-9", "Harbour Gazette", 12, BRIEFS[2] + "\n\n" +
                                  FURNITURE)) + "\n")
    code, out, err = run(prog, "segment", "--db", db, seg)
    t.eq(json.loads(out).get("body") if code == 0 else err, [BRIEFS[2]],
         "segment --db takes the furniture paragraph out of a text record")
    code, out, err = run(prog, "report", "--db", db, "--format", "json")
    clusters = sorted(sorted(m["id"] for m in c["members"]) for c in json.loads(out)["clusters"])
    t.eq(clusters, [["gazette-0", "gazette-0-update"], ["gazette-4", "herald-library"]],
         "the briefs' clusters")


def main():
    prog = sys.argv[2]
    t = Suite("test_apart_cli")
    check_briefs(t, prog)
    check_chinese(t, prog)
    db = t.path("frames.db")
    code, out, err = run(prog, "ingest", "--db", db, "--json", "-", stdin=corpus().encode())
    t.eq(code, 0, f"ingest exit status ({err})")
    got = {d["id"]: d for d in map(json.loads, out.splitlines())}

    for a, b in [("ledger-wrap-2", "ledger-wrap-1"), ("ledger-wrap-3", "ledger-wrap-1"),
                 ("ru-wrap-2", "ru-wrap-1"), ("ur-wrap-2", "ur-wrap-1")]:
        d = got.get(a, {})
        t.eq(d.get("status"), "new", f"{a}: another day's fill is a new story")
        t.eq(d.get("distinct", {}).get("id"), b, f"{a}: the fill it was kept apart from")
        t.check(d.get("distinct", {}).get("reason", "").startswith(
            "same frame, different facts: "), f"{a}: the reason names the rule: {d}")
    t.eq(got["ledger-wrap-3"]["distinct"]["reason"],
         "same frame, different facts: 19 of 27 facts differ in 8 of 9 sentences alike in "
         "their other words", "the evidence of wrap 3 against wrap 1")
    t.eq(got["herald-wrap-2"].get("status"), "duplicate", "a copy of one fill")
    t.eq(got["herald-wrap-2"].get("match", {}).get("id"), "ledger-wrap-2", "its fill")
    for a in ("paper-crash-edit", "wire-crash-toll", "wire-crash-more"):
        t.eq(got[a].get("status"), "near-duplicate", f"{a} stays with the wire story")
        t.check("distinct" not in got[a], f"{a}: nothing kept apart: {got[a]}")

    # check answers from the store: the Ledger's three fills were new, so the
    # frame's paragraph without facts is its template now; the fourth fill
    # is kept apart as another fill
    fill = record("ledger-wrap-4", "Daily Ledger", 9, MARKET.format(
        dir="lower", day="Friday", dept="Energy", verb="fell", p1="55.10", c1="0.2",
        l1="34,622.99", p2="7.7", c2="0.1", l2="4,380.55", p3="12.9", l3="12,990.40",
        firm="Delta Foods", c3="5.5", c4="0.6", oil="79.05", y="4.25", time="4:20 p.m.",
        firm2="Kroger", c5="2.2", vol="9.8"))
    code, out, err = run(prog, "check", "--db", db, "-",
                         stdin=(json.dumps(fill) + "\n").encode())
    d = json.loads(out)
    t.eq((code, d["status"], d.get("match"), d.get("distinct", {}).get("id")),
         (0, "new", None, "ledger-wrap-1"), "check of a fourth fill")

    code, out, err = run(prog, "report", "--db", db, "--format", "json")
    clusters = sorted(sorted(m["id"] for m in c["members"]) for c in json.loads(out)["clusters"])
    t.eq(clusters, [["herald-wrap-2", "ledger-wrap-2"],
                    ["paper-crash-edit", "wire-crash", "wire-crash-more", "wire-crash-toll"]],
         "the report's clusters")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
