/*
 * test_facts.c — frames and facts (src/passage/facts.c): two fills of one formula
 * (a market wrap, a weather report, a police blotter; in English, Russian
 * and Urdu) are distinct; an update that corrects a toll, one that adds a
 * paragraph, a copy-edit and a verbatim copy are not; in Chinese, whose names
 * are words of the frame, an update correcting two figures of one sentence is
 * not, a weather fill is, and one outlet's names-only fills are its formula
 * filled anew. Also what counts as a fact and a frame, numbers inside words
 * and sentences, and bad bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "passage/facts.h"

static np_facts_cmp compare(const char *a, const char *b)
{
	np_facts fa = {0}, fb = {0};
	np_facts_cmp c;
	CHECK_INT(np_facts_read(&fa, a, strlen(a)), 0);
	CHECK_INT(np_facts_read(&fb, b, strlen(b)), 0);
	np_facts_compare(&fa, &fb, &c);
	np_facts_free(&fa);
	np_facts_free(&fb);
	return c;
}

static int distinct(const char *a, const char *b)
{
	np_facts_cmp ab = compare(a, b), ba = compare(b, a);
	CHECK_INT(np_facts_distinct(&ab), np_facts_distinct(&ba)); /* either order */
	return np_facts_distinct(&ab);
}

static const char *MARKET_1 =
	"Stocks closed lower on Tuesday as investors weighed new data from the Commerce "
	"Department.\n\n"
	"The Dow Jones Industrial Average fell 123.45 points, or 0.4%, to 34,567.89. The S&P 500 "
	"lost 12.3 points, or 0.3%, to 4,432.10, and the Nasdaq Composite dropped 45.6 points to "
	"13,210.98.\n\n"
	"Shares of Acme Corp led the decline, sliding 6.1% after the company cut its forecast. "
	"Oil fell 1.2% to $78.40 a barrel, and the yield on the 10-year note rose to 4.21%.";

static const char *MARKET_2 =
	"Stocks closed lower on Thursday as investors weighed new data from the Labor "
	"Department.\n\n"
	"The Dow Jones Industrial Average fell 88.02 points, or 0.3%, to 35,101.40. The S&P 500 "
	"lost 9.8 points, or 0.2%, to 4,501.77, and the Nasdaq Composite dropped 31.2 points to "
	"13,877.05.\n\n"
	"Shares of Bolt Industries led the decline, sliding 4.7% after the company cut its "
	"forecast. Oil fell 0.8% to $80.15 a barrel, and the yield on the 10-year note rose to "
	"4.35%.";

static const char *WEATHER_1 =
	"Expect sunny skies in Denver on Monday with a high of 72 and a low of 50. Winds from the "
	"west at 10 mph. Tuesday brings clouds over Boulder with a high near 65.";
static const char *WEATHER_2 =
	"Expect sunny skies in Tucson on Friday with a high of 91 and a low of 64. Winds from the "
	"south at 5 mph. Saturday brings clouds over Phoenix with a high near 95.";

static const char *BLOTTER_1 =
	"A man, 34, of Springfield was arrested on Main Street on Tuesday and charged with "
	"burglary, police said. Officers found the stolen goods at a house on Elm Road near "
	"Riverside Park. He is due in Springfield District Court on March 3.";
static const char *BLOTTER_2 =
	"A man, 27, of Shelbyville was arrested on Oak Avenue on Friday and charged with "
	"burglary, police said. Officers found the stolen goods at a house on Pine Lane near "
	"Lakeview Park. He is due in Shelbyville District Court on April 12.";

static const char *CRASH =
	"At least 10 people died when a bus fell into a ravine near Cusco on Monday, police "
	"said.\n\n"
	"The bus was carrying 40 passengers from Lima to Cusco when it left the road in heavy "
	"rain, the regional governor Ana Quispe told reporters.\n\n"
	"Rescue teams from Arequipa reached the site late on Monday, and 22 of the injured were "
	"taken to the hospital in Cusco.";

/* the toll corrected, in two sentences */
static const char *CRASH_TOLL =
	"At least 12 people died when a bus fell into a ravine near Cusco on Monday, police "
	"said.\n\n"
	"The bus was carrying 40 passengers from Lima to Cusco when it left the road in heavy "
	"rain, the regional governor Ana Quispe told reporters.\n\n"
	"Rescue teams from Arequipa reached the site late on Monday, and 20 of the injured were "
	"taken to the hospital in Cusco.";

/* a paragraph added at the end */
static const char *CRASH_MORE =
	"At least 10 people died when a bus fell into a ravine near Cusco on Monday, police "
	"said.\n\n"
	"The bus was carrying 40 passengers from Lima to Cusco when it left the road in heavy "
	"rain, the regional governor Ana Quispe told reporters.\n\n"
	"Rescue teams from Arequipa reached the site late on Monday, and 22 of the injured were "
	"taken to the hospital in Cusco.\n\n"
	"President Dina Boluarte declared three days of mourning on Tuesday and ordered an "
	"inquiry into the state of the Andean roads, which saw 31 fatal crashes in 2023.";

/* copy-edited: words changed, facts kept */
static const char *CRASH_EDIT =
	"At least 10 people were killed when a bus plunged into a ravine near Cusco on Monday, "
	"police said.\n\n"
	"The bus, carrying 40 passengers from Lima to Cusco, left the road in heavy rain, "
	"regional governor Ana Quispe told reporters.\n\n"
	"Rescue teams from Arequipa arrived at the site late on Monday, and 22 of the injured "
	"were taken to hospital in Cusco.";

static void test_english(void)
{
	CHECK(distinct(MARKET_1, MARKET_2));
	CHECK(distinct(WEATHER_1, WEATHER_2));
	CHECK(distinct(BLOTTER_1, BLOTTER_2));
	CHECK(!distinct(CRASH, CRASH));
	CHECK(!distinct(CRASH, CRASH_TOLL));
	CHECK(!distinct(CRASH, CRASH_MORE));
	CHECK(!distinct(CRASH, CRASH_EDIT));
	CHECK(!distinct(CRASH_TOLL, CRASH_EDIT));
	CHECK(!distinct(CRASH, MARKET_1)); /* nothing paired: no evidence */
	np_facts_cmp c = compare(CRASH, CRASH_TOLL);
	CHECK_INT(c.paired, 3);
	CHECK_INT(c.differ, 2);
	CHECK_INT(c.differ_sentences, 2);
}

/* The same formulas in Russian (capitals, Cyrillic) and Urdu (no capitals:
 * its numbers are its facts, its names stay in the frame). */
static const char *RU_1 =
	"Индекс Мосбиржи по итогам торгов во вторник снизился на 1,2% до 2845,3 пункта. "
	"Индекс РТС упал на 0,9% до 1012,4 пункта. Курс доллара вырос на 35 копеек до 91,20 "
	"рубля.";
static const char *RU_2 =
	"Индекс Мосбиржи по итогам торгов в пятницу снизился на 0,4% до 2901,7 пункта. "
	"Индекс РТС упал на 0,6% до 1040,8 пункта. Курс доллара вырос на 12 копеек до 90,05 "
	"рубля.";
static const char *UR_1 =
	"کراچی اسٹاک ایکسچینج میں آج کاروبار کے اختتام پر 100 انڈیکس 245 پوائنٹس کمی کے بعد "
	"41250 پر بند ہوا۔ "
	"آج مجموعی طور پر 312 کمپنیوں کے حصص کا کاروبار ہوا جن میں سے 120 کے بھاؤ بڑھے۔ "
	"کاروبار کا حجم 18 کروڑ حصص رہا۔";
static const char *UR_2 =
	"کراچی اسٹاک ایکسچینج میں آج کاروبار کے اختتام پر 100 انڈیکس 97 پوائنٹس کمی کے بعد "
	"40870 پر بند ہوا۔ "
	"آج مجموعی طور پر 298 کمپنیوں کے حصص کا کاروبار ہوا جن میں سے 143 کے بھاؤ بڑھے۔ "
	"کاروبار کا حجم 22 کروڑ حصص رہا۔";

static void test_scripts(void)
{
	CHECK(distinct(RU_1, RU_2));
	CHECK(!distinct(RU_1, RU_1));
	CHECK(distinct(UR_1, UR_2));
	CHECK(!distinct(UR_1, UR_1));
	np_facts_cmp c = compare(UR_1, UR_2);
	CHECK_INT(c.paired, 3);
	CHECK_INT(c.same, 1); /* "100" of the index's name */
}

/* Chinese, a script without capitals: its names and places are words of
 * the frame (character pairs), its numbers its only facts. An update
 * corrects the toll and the injured of its first sentence and leaves every
 * other word as it was; a weather fill's figures stand in one sentence too,
 * but its city, a word of the frame, changes in every sentence. */
static const char *ZH_FLOOD =
	"四川省阿坝州周一发生山洪，造成至少10人死亡，另有22人受伤，当地政府已启动应急响应。"
	"据当地官员介绍，连日强降雨引发山洪，冲毁了沿河的多座房屋和一段公路。"
	"受伤人员已被送往附近医院救治，其中数人伤势较重，医疗队正在全力抢救。";
static const char *ZH_FLOOD_TOLL =
	"四川省阿坝州周一发生山洪，造成至少12人死亡，另有20人受伤，当地政府已启动应急响应。"
	"据当地官员介绍，连日强降雨引发山洪，冲毁了沿河的多座房屋和一段公路。"
	"受伤人员已被送往附近医院救治，其中数人伤势较重，医疗队正在全力抢救。";
static const char *ZH_WEATHER_1 =
	"杭州市气象台今天发布天气预报，预计明天最高气温25度，最低气温12度。"
	"杭州市气象台提醒广大市民注意天气变化，合理安排出行计划并做好防护工作。"
	"受冷空气影响，杭州市及周边地区夜间将有明显降温过程，请市民及时添加衣物。";
static const char *ZH_WEATHER_2 =
	"南京市气象台今天发布天气预报，预计明天最高气温18度，最低气温7度。"
	"南京市气象台提醒广大市民注意天气变化，合理安排出行计划并做好防护工作。"
	"受冷空气影响，南京市及周边地区夜间将有明显降温过程，请市民及时添加衣物。";
/* names only: two appointments of one day's list, no figure in either */
static const char *ZH_APPOINT_1 =
	"国务院日前任免国家工作人员，任命张伟为教育部副部长，有关决定已经正式对外公布。"
	"根据有关规定，新任副部长将分管本部门的日常工作，张伟同时兼任部党组成员。"
	"免去王强的教育部副部长职务，另有任用，其原来分管的各项工作将在近期完成交接。";
static const char *ZH_APPOINT_2 =
	"国务院日前任免国家工作人员，任命陈静为民政部副部长，有关决定已经正式对外公布。"
	"根据有关规定，新任副部长将分管本部门的日常工作，陈静同时兼任部党组成员。"
	"免去赵磊的民政部副部长职务，另有任用，其原来分管的各项工作将在近期完成交接。";

static void test_chinese(void)
{
	CHECK(!distinct(ZH_FLOOD, ZH_FLOOD_TOLL));
	np_facts_cmp c = compare(ZH_FLOOD, ZH_FLOOD_TOLL);
	CHECK_INT(c.differ_sentences, 1);
	CHECK_INT(c.differ, 2);
	CHECK_INT(c.reworded, 0);
	CHECK(distinct(ZH_WEATHER_1, ZH_WEATHER_2));
	c = compare(ZH_WEATHER_1, ZH_WEATHER_2);
	CHECK_INT(c.differ_sentences, 1);
	CHECK_INT(c.reworded, 3);
	/* the names-only fills: no fact, so no "different facts"; one outlet's
	 * two are its formula filled anew at any time apart, sharing no fact */
	CHECK(!distinct(ZH_APPOINT_1, ZH_APPOINT_2));
	c = compare(ZH_APPOINT_1, ZH_APPOINT_2);
	CHECK_INT(c.same + c.differ, 0);
	CHECK_INT(c.reworded, 3);
	CHECK(np_facts_refill(&c, 7));
	CHECK(np_facts_refill(&c, NP_FACTS_REFILL_MIN_APART));
	/* an update rewords nothing; a reworded text of the same day that
	 * keeps a figure (a write-through) is not a fill, a day later it is */
	c = compare(ZH_FLOOD, ZH_FLOOD_TOLL);
	CHECK(!np_facts_refill(&c, 60));
	c = compare(ZH_WEATHER_1, ZH_WEATHER_1);
	CHECK(!np_facts_refill(&c, NP_FACTS_REFILL_MIN_APART));
	const char *rewritten = "杭州市气象台今日发布预报，明天最高气温25度，最低气温12度。"
	                        "杭州市气象台提醒市民注意天气的变化，合理安排出行并做好防护。"
	                        "受冷空气的影响，杭州市及周边夜间将有明显的降温，请市民添加衣物。";
	c = compare(ZH_WEATHER_1, rewritten);
	CHECK_INT(c.reworded, 3);
	CHECK(c.same > 0);
	CHECK(!np_facts_refill(&c, 60));
	CHECK(np_facts_refill(&c, NP_FACTS_REFILL_MIN_APART));
}

/* What a fact is: runs of capitalised words and numbers, the sentence's
 * first word aside, punctuation parting runs; numbers keep their points. */
static void test_reading(void)
{
	np_facts f = {0};
	const char *t = "The Dow Jones Industrial Average rose 3.2 points to 34,567.89 on the day";
	CHECK_INT(np_facts_read(&f, t, strlen(t)), 0);
	CHECK_INT(f.n, 1);
	CHECK_INT(f.s[0].n_fact, 3);   /* "Dow Jones Industrial Average", 3.2, 34,567.89 */
	CHECK_INT(f.s[0].n_word, 6);   /* rose points to on the day */
	np_facts_free(&f);

	/* two sentences; "Mr" alone is too short a frame to keep */
	t = "Shares of Acme rose 5% on Monday in New York trading. Mr. Smith said 7 times.";
	CHECK_INT(np_facts_read(&f, t, strlen(t)), 0);
	CHECK_INT(f.n, 1); /* "Smith said 7 times": frame "said times" is under 3 words */
	CHECK_INT(f.s[0].n_fact, 4); /* Acme, 5, Monday, New York */
	np_facts_free(&f);

	/* invalid bytes part words and are no fact; nothing read is not an error */
	const char bad[] = "A total of \xff\xfe 12 people were seen in \xc3 Paris by the river.";
	CHECK_INT(np_facts_read(&f, bad, sizeof bad - 1), 0);
	CHECK_INT(f.n, 1);
	CHECK_INT(f.s[0].n_fact, 2);
	CHECK_INT(np_facts_read(&f, "", 0), 0);
	CHECK_INT(f.n, 0);
	np_facts_free(&f);
}

/* A text of a hundred thousand sentences is read to a bound, so that two
 * of them compare in bounded time. */
static void test_bound(void)
{
	static const char sentence[] = "The mayor of Leeds said 42 words here. ";
	size_t n = 100000, len = sizeof sentence - 1;
	char *big = malloc(n * len + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(big + i * len, sentence, len);
	np_facts f = {0};
	CHECK_INT(np_facts_read(&f, big, n * len), 0);
	CHECK(f.n > 0 && f.n <= 1024);
	np_facts_cmp c;
	np_facts_compare(&f, &f, &c);
	CHECK_INT(c.all_paired, f.n);
	np_facts_free(&f);
	free(big);
}

static void test_reason(void)
{
	np_facts_cmp c = compare(WEATHER_1, WEATHER_2);
	char why[200];
	np_facts_reason(&c, why, sizeof why);
	CHECK_STR(why, "same frame, different facts: 7 of 7 facts differ in 3 of 3 sentences alike "
	               "in their other words");
}

int main(void)
{
	test_english();
	test_scripts();
	test_chinese();
	test_reading();
	test_reason();
	test_bound();
	return check_failures != 0;
}
