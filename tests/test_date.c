/*
 * test_date.c — the date parser: the forms news pages print, dates that
 * cannot be, dates glued to an outlet, and relative dates; and the ISO
 * 8601 stamps the store keeps, read back to seconds.
 */
#include "check.h"
#include "read/date.h"
#include "util/timestamp.h"

static void check_parse(const char *in, const char *want)
{
	char iso[NP_DATE_ISO_MAX] = "";
	int ok = np_date_parse(in, iso);
	if (!ok)
		fprintf(stderr, "not parsed: \"%s\"\n", in);
	CHECK(ok);
	CHECK_STR(iso, want);
}

static void check_reject(const char *in)
{
	char iso[NP_DATE_ISO_MAX];
	int ok = np_date_parse(in, iso);
	if (ok)
		fprintf(stderr, "parsed but should not be: \"%s\" -> %s\n", in, iso);
	CHECK(!ok);
}

static void test_valid(void)
{
	check_parse("24/10/2024", "2024-10-24");
	check_parse("  24/10/2024  ", "2024-10-24");
	check_parse("24-10-2024", "2024-10-24");
	check_parse("24.10.2024", "2024-10-24");
	check_parse("2024-10-24", "2024-10-24");
	check_parse("2024/10/24", "2024-10-24");
	check_parse("05/06/2024", "2024-06-05"); /* both <= 12: day first */
	check_parse("10/24/2024", "2024-10-24"); /* 24 cannot be a month */
	check_parse("Oct 24, 2024", "2024-10-24");
	check_parse("Oct. 24, 2024", "2024-10-24");
	check_parse("October 24 2024", "2024-10-24");
	check_parse("24 October 2024", "2024-10-24");
	check_parse("24th of October, 2024", "2024-10-24");
	check_parse("24 oct 2024", "2024-10-24");
	check_parse("Sept 3, 2024", "2024-09-03");
	check_parse("24 tháng 10 năm 2024", "2024-10-24");
	check_parse("ngày 24 tháng 10, 2024", "2024-10-24");
	check_parse("Thursday, 24 October 2024", "2024-10-24");
	check_parse("29/02/2024", "2024-02-29");
	check_parse("24/10/2024 17:34", "2024-10-24T17:34");
	check_parse("24/10/2024, 17:34:05", "2024-10-24T17:34:05");
	check_parse("24/10/2024 - 17h34", "2024-10-24T17:34");
	check_parse("2024-10-24T17:34:00Z", "2024-10-24T17:34:00Z");
	check_parse("2024-10-24T17:34:00.123+07:00", "2024-10-24T17:34:00+07:00");
	check_parse("2024-10-24 17:34 -0500", "2024-10-24T17:34-05:00");
	check_parse("Thứ năm, 24/10/2024, 17:34 (GMT+7)", "2024-10-24T17:34+07:00");
	check_parse("17:34 24/10/2024", "2024-10-24T17:34");
	check_parse("5:34 PM Oct 24, 2024", "2024-10-24T17:34");
	check_parse("Oct 24, 2024 12:05 am", "2024-10-24T00:05");
	check_parse("Oct 24, 2024 10:00 GMT", "2024-10-24T10:00Z");
}

static void test_invalid(void)
{
	check_reject("");
	check_reject("   ");
	check_reject("hello");
	check_reject("24/10");
	check_reject("24/10/24");       /* two-digit years are ambiguous */
	check_reject("13/13/2024");     /* no month 13 either way round */
	check_reject("30/02/2024");     /* Feb 30 */
	check_reject("29/02/2023");     /* not a leap year */
	check_reject("32/01/2024");
	check_reject("00/01/2024");
	check_reject("24/10-2024");     /* mixed separators */
	check_reject("24/10/2024 25:00");
	check_reject("24/10/2024 17:60");
	check_reject("24/10/2024 extra words");
	check_reject("Octember 24, 2024");
	check_reject("24/10/0024");
	check_reject("13:00 PM Oct 24, 2024");
	check_reject("Báo Thanh niên24/10/2024"); /* an outlet is not part of a date */
	CHECK(!np_date_parse(NULL, NULL));
}

static void test_suffix(void)
{
	char iso[NP_DATE_ISO_MAX] = "";
	const char *glued = "Báo Thanh niênBáo Thanh niên24/10/2024";
	CHECK_INT(np_date_find_suffix(glued, iso), strlen("Báo Thanh niênBáo Thanh niên"));
	CHECK_STR(iso, "2024-10-24");
	CHECK_INT(np_date_find_suffix("VTC News Oct 24, 2024 17:34", iso), strlen("VTC News "));
	CHECK_STR(iso, "2024-10-24T17:34");
	CHECK_INT(np_date_find_suffix("24/10/2024", iso), 0);
	CHECK_INT(np_date_find_suffix("Lemon 24 Oct 2024", iso), strlen("Lemon "));
	CHECK_INT(np_date_find_suffix("no date here", iso), -1);
	CHECK_INT(np_date_find_suffix("", iso), -1);
	CHECK_INT(np_date_find_suffix("Kênh 1424/10/2024", iso), -1);
}

static void test_relative(void)
{
	CHECK(np_date_is_relative("8 giờ trước"));
	CHECK(np_date_is_relative("15 phút trước"));
	CHECK(np_date_is_relative("3 hours ago"));
	CHECK(np_date_is_relative("2 days ago"));
	CHECK(np_date_is_relative("an hour ago"));
	CHECK(np_date_is_relative("1 Day Ago"));
	CHECK(np_date_is_relative("yesterday"));
	CHECK(np_date_is_relative("hôm qua"));
	CHECK(np_date_is_relative("il y a 3 heures"));
	CHECK(np_date_is_relative("vor 2 Stunden"));
	CHECK(!np_date_is_relative("8 giờ"));
	CHECK(!np_date_is_relative("3 hours"));
	CHECK(!np_date_is_relative("hours ago"));
	CHECK(!np_date_is_relative("3 hoursago"));
	CHECK(!np_date_is_relative("24/10/2024"));
	CHECK(!np_date_is_relative("4 ways to help preserve vegetables"));
	CHECK(!np_date_is_relative(""));
	CHECK(!np_date_is_relative(NULL));
}

/* Month names and date shapes of other languages, from the lexicon. */
static void test_languages(void)
{
	check_parse("14 mars 2025", "2025-03-14");
	check_parse("24. Oktober 2024", "2024-10-24");
	check_parse("10 de marzo de 2025", "2025-03-10");
	check_parse("Lunes, 10 de marzo de 2025", "2025-03-10");
	check_parse("12 марта 2025 г.", "2025-03-12");
	check_parse("2025年3月14日", "2025-03-14");
	check_parse("14 Maret 2025", "2025-03-14");
	check_parse("14 ottobre 2024", "2024-10-14");
}

static void check_resolve(const char *rel, const char *fetched, const char *want)
{
	char iso[NP_DATE_ISO_MAX] = "";
	int ok = np_date_resolve(rel, fetched, iso);
	if (!ok)
		fprintf(stderr, "not resolved: \"%s\" at %s\n", rel, fetched);
	CHECK(ok);
	CHECK_STR(iso, want);
}

/* Relative dates against a fetch time: hours keep the clock (and its zone),
 * days give a day, across month and year ends. */
static void test_resolve(void)
{
	check_resolve("3 hours ago", "2024-10-24T17:34:00+07:00", "2024-10-24T14:34:00+07:00");
	check_resolve("8 giờ trước", "2024-10-24T05:00", "2024-10-23T21:00");
	check_resolve("il y a 2 jours", "2024-03-01T10:00", "2024-02-28");
	check_resolve("yesterday", "2025-01-01", "2024-12-31");
	check_resolve("3小时前", "2025-03-14T12:00", "2025-03-14T09:00");
	check_resolve("2 hari yang lalu", "2025-03-14", "2025-03-12");
	check_resolve("vor einer Stunde", "2025-03-14T00:30", "2025-03-13T23:30");
	char iso[NP_DATE_ISO_MAX];
	CHECK(!np_date_resolve("3 hours ago", NULL, iso));
	CHECK(!np_date_resolve("24/10/2024", "2024-10-24", iso));
	CHECK(!np_date_resolve("3 hours ago", "not a date", iso));
}

/* seconds since the epoch of stamp s, or -1 when it is not read */
static int64_t stamp(const char *s, int *has_time)
{
	int64_t t = 0;
	return np_timestamp_parse(s, &t, has_time) ? t : -1;
}

static void test_timestamp(void)
{
	int has_time = -1;
	CHECK(stamp("2024-10-24", &has_time) == 1729728000 && has_time == 0);
	CHECK(stamp("2024-10-24T13:05", &has_time) == 1729728000 + 13 * 3600 + 5 * 60 && has_time);
	CHECK(stamp("2024-10-24T13:05:09Z", &has_time) == 1729728000 + 13 * 3600 + 5 * 60 + 9);
	CHECK(stamp("2024-10-24 13:05:09.250Z", &has_time) == 1729728000 + 13 * 3600 + 5 * 60 + 9);
	/* a zone ahead of UTC is subtracted, with or without its colon */
	CHECK(stamp("2024-10-24T13:05+07:00", &has_time) == 1729728000 + 6 * 3600 + 5 * 60);
	CHECK(stamp("2024-10-24T13:05-0530", &has_time) == 1729728000 + 18 * 3600 + 35 * 60);
	CHECK(stamp("2024-10-24T9:05", &has_time) == 1729728000 + 9 * 3600 + 5 * 60);
	/* a clock that is not one leaves the day */
	CHECK(stamp("2024-10-24T13", &has_time) == 1729728000 && has_time == 0);
	CHECK(stamp("2024-10-24", &has_time) == 1729728000);
	CHECK(stamp("1970-01-01T00:00Z", &has_time) == 0);
	CHECK(stamp("2024-1-24", &has_time) == -1);
	CHECK(stamp("2024-13-01", &has_time) == -1);
	CHECK(stamp("2024-10-32", &has_time) == -1);
	CHECK(stamp("24-10-2024", &has_time) == -1);
	CHECK(stamp("2024/10/24", &has_time) == -1);
	CHECK(stamp("2024-10-2", &has_time) == -1);
	CHECK(stamp("", &has_time) == -1);
	CHECK(stamp(NULL, &has_time) == -1);
}

int main(void)
{
	test_languages();
	test_resolve();
	test_valid();
	test_invalid();
	test_suffix();
	test_relative();
	test_timestamp();
	return CHECK_DONE();
}
