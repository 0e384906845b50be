/*
 * date.c — reads the dates news pages print ("24/10/2024", "Oct 24, 2024",
 * "24 tháng 10 năm 2024", "Thứ năm, 24/10/2024 17:34", "2024-10-24T17:34:00Z")
 * into ISO 8601, and recognises relative dates ("8 giờ trước", "3 hours ago").
 *
 * The parser is a set of small readers over a cursor (const char **): each
 * one advances the cursor only when it succeeds, so alternatives can be
 * tried one after another.
 */
#include "read/date.h"

#include <stdio.h>
#include <string.h>

#include "read/lexicon.h"

/* The longest date text worth reading: "Wednesday, 24 September 2024, 17:34:00 (GMT+07:00)"
 * is 51 bytes; longer text is not a date, and a suffix search looks no further back. */
#define DATE_TEXT_MAX 72
/* Years a news page can carry a date in: a 4-digit number outside is not a year. */
#define YEAR_MIN 1600
#define YEAR_MAX 2999
#define MONTHS_PER_YEAR 12
#define HOURS_PER_DAY 24
#define HOURS_PER_HALF_DAY 12
#define MINUTES_PER_HOUR 60
#define SECONDS_PER_MINUTE 60L
#define SECONDS_PER_HOUR 3600L
#define SECONDS_PER_DAY 86400L
/* UTC offsets in use run from -12:00 to +14:00 (Line Islands). */
#define ZONE_HOURS_MAX 14
#define YEAR_DIGITS 4
#define FIELD_DIGITS 2 /* day, month, hour, minute, second */
/* The characters after the year, month and day of a Chinese or Japanese date. */
#define CJK_YEAR "\xE5\xB9\xB4"  /* 年 */
#define CJK_MONTH "\xE6\x9C\x88" /* 月 */
#define CJK_DAY "\xE6\x97\xA5"   /* 日 */

typedef struct when {
	int year, month, day;
	int has_time, hour, minute, second, has_second;
	int zone;          /* ZONE_NONE, ZONE_UTC or ZONE_OFFSET */
	int zone_minutes;  /* signed, with ZONE_OFFSET */
} when;

enum { ZONE_NONE = 0, ZONE_UTC, ZONE_OFFSET };

static const char *const ordinal_suffixes[] = {"st", "nd", "rd", "th"};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_blanks(const char **pp)
{
	while (is_blank(**pp))
		(*pp)++;
}

/* Reads min_digits..max_digits digits (as many as there are, up to max_digits). */
static int read_digits(const char **pp, int min_digits, int max_digits, int *value, int *digits)
{
	const char *p = *pp;
	int v = 0, n = 0;
	while (is_digit(*p) && n < max_digits) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n < min_digits)
		return 0;
	*value = v;
	if (digits)
		*digits = n;
	*pp = p;
	return 1;
}

/* Reads a whole number of 1..max_digits digits: not followed by another digit. */
static int read_number(const char **pp, int max_digits, int *value, int *digits)
{
	const char *p = *pp;
	if (!read_digits(&p, 1, max_digits, value, digits) || is_digit(*p))
		return 0;
	*pp = p;
	return 1;
}

/* Reads exactly n digits, a whole number. */
static int read_fixed(const char **pp, int n, int *value)
{
	int digits;
	const char *p = *pp;
	if (!read_number(&p, n, value, &digits) || digits != n)
		return 0;
	*pp = p;
	return 1;
}

static int read_char(const char **pp, char c)
{
	if (**pp != c)
		return 0;
	(*pp)++;
	return 1;
}

static int read_word(const char **pp, const char *word)
{
	size_t m = np_lex_match(word, *pp);
	*pp += m;
	return m > 0;
}

/* The longest lexicon entry of that kind at the cursor; its value in *value. */
static int read_named(const char **pp, np_lex_kind kind, int *value)
{
	long v;
	size_t m = np_lexicon_longest(kind, *pp, &v);
	if (!m)
		return 0;
	*value = (int)v;
	*pp += m;
	return 1;
}

/* Filler words of worded dates ("of", "de", "ngày") and the blanks after them. */
static void skip_date_words(const char **pp)
{
	int unused;
	while (read_named(pp, NP_LEX_DATE_WORD, &unused))
		skip_blanks(pp);
}

/* "Oct", "Oct.", "October" or Vietnamese "tháng 10". */
static int read_month(const char **pp, int *month)
{
	const char *p = *pp;
	if (read_named(&p, NP_LEX_MONTH, month)) {
		read_char(&p, '.');
	} else {
		if (!read_word(&p, "tháng"))
			return 0;
		skip_blanks(&p);
		if (!read_number(&p, FIELD_DIGITS, month, NULL))
			return 0;
	}
	*pp = p;
	return 1;
}

/* A day of the month, with an optional English ordinal suffix ("24th"). */
static int read_day(const char **pp, int *day)
{
	const char *p = *pp;
	if (!read_number(&p, FIELD_DIGITS, day, NULL))
		return 0;
	for (size_t i = 0; i < LEN(ordinal_suffixes); i++)
		if (read_word(&p, ordinal_suffixes[i]))
			break;
	*pp = p;
	return 1;
}

/* "24/10/2024", "24-10-2024", "24.10.2024", "2024-10-24", "10/24/2024". */
static int read_numeric_date(const char **pp, when *w)
{
	const char *p = *pp;
	int a, b, c, da, dc;
	if (!read_number(&p, YEAR_DIGITS, &a, &da))
		return 0;
	char sep = *p;
	if ((sep != '/' && sep != '-' && sep != '.') || !read_char(&p, sep))
		return 0;
	if (!read_number(&p, FIELD_DIGITS, &b, NULL) || !read_char(&p, sep) ||
	    !read_number(&p, YEAR_DIGITS, &c, &dc))
		return 0;
	if (da == YEAR_DIGITS && dc <= FIELD_DIGITS) {
		w->year = a, w->month = b, w->day = c;
	} else if (dc == YEAR_DIGITS && da <= FIELD_DIGITS) {
		/* day first, unless the second number cannot be a month */
		int month_first = b > MONTHS_PER_YEAR && a <= MONTHS_PER_YEAR;
		w->year = c;
		w->day = month_first ? b : a;
		w->month = month_first ? a : b;
	} else {
		return 0;
	}
	*pp = p;
	return 1;
}

/* The year after a worded date: "[,] [năm|de] 2024 [г.]". */
static int read_worded_year(const char **pp, int *year)
{
	const char *p = *pp;
	read_char(&p, ',');
	skip_blanks(&p);
	skip_date_words(&p);
	if (!read_fixed(&p, YEAR_DIGITS, year))
		return 0;
	const char *after = p; /* "2024 г.", "2024 года" */
	skip_blanks(&after);
	skip_date_words(&after);
	*pp = after > p && !*after ? after : p;
	return 1;
}

/* "24 October 2024", "24th of Oct, 2024", "ngày 24 tháng 10 năm 2024",
 * "24 de octubre de 2024", "24. Oktober 2024", "24 октября 2024 г.". */
static int read_day_month_year(const char **pp, when *w)
{
	const char *p = *pp;
	skip_date_words(&p);
	if (!read_day(&p, &w->day))
		return 0;
	read_char(&p, '.'); /* German: "24. Oktober 2024" */
	skip_blanks(&p);
	skip_date_words(&p);
	if (!read_month(&p, &w->month))
		return 0;
	skip_blanks(&p);
	if (!read_worded_year(&p, &w->year))
		return 0;
	*pp = p;
	return 1;
}

/* "Oct 24, 2024", "October 24 2024". */
static int read_month_day_year(const char **pp, when *w)
{
	const char *p = *pp;
	if (!read_named(&p, NP_LEX_MONTH, &w->month))
		return 0;
	read_char(&p, '.');
	skip_blanks(&p);
	if (!read_day(&p, &w->day) || !read_worded_year(&p, &w->year))
		return 0;
	*pp = p;
	return 1;
}

/* Chinese and Japanese: "2024年10月24日". */
static int read_cjk_date(const char **pp, when *w)
{
	const char *p = *pp;
	if (!read_fixed(&p, YEAR_DIGITS, &w->year) || !read_word(&p, CJK_YEAR) ||
	    !read_number(&p, FIELD_DIGITS, &w->month, NULL) || !read_word(&p, CJK_MONTH) ||
	    !read_number(&p, FIELD_DIGITS, &w->day, NULL) || !read_word(&p, CJK_DAY))
		return 0;
	*pp = p;
	return 1;
}

static int read_date(const char **pp, when *w)
{
	return read_numeric_date(pp, w) || read_day_month_year(pp, w) ||
	       read_month_day_year(pp, w) || read_cjk_date(pp, w);
}

/* "am", "pm", "a.m.", "p.m." after a time: turns the hour into 0..23. */
static int read_meridiem(const char **pp, int *hour)
{
	int pm;
	if (read_word(pp, "am") || read_word(pp, "a.m."))
		pm = 0;
	else if (read_word(pp, "pm") || read_word(pp, "p.m."))
		pm = 1;
	else
		return 1; /* a 24-hour clock */
	if (*hour < 1 || *hour > HOURS_PER_HALF_DAY)
		return 0;
	*hour = *hour % HOURS_PER_HALF_DAY + (pm ? HOURS_PER_HALF_DAY : 0);
	return 1;
}

/* "+07:00", "+0700", "+7", "-05". */
static int read_offset(const char **pp, when *w)
{
	const char *p = *pp;
	int sign = *p == '-' ? -1 : 1, h, m = 0;
	if (*p != '+' && *p != '-')
		return 0;
	p++;
	if (!read_digits(&p, 1, FIELD_DIGITS, &h, NULL))
		return 0;
	read_char(&p, ':');
	if (is_digit(*p) && !read_fixed(&p, FIELD_DIGITS, &m))
		return 0;
	if (h > ZONE_HOURS_MAX || m >= MINUTES_PER_HOUR)
		return 0;
	w->zone = ZONE_OFFSET;
	w->zone_minutes = sign * (h * MINUTES_PER_HOUR + m);
	*pp = p;
	return 1;
}

/* "Z", "+07:00", "GMT", "UTC+7", "(GMT+7)". */
static int read_zone(const char **pp, when *w)
{
	const char *p = *pp;
	int paren = read_char(&p, '(');
	if (read_char(&p, 'Z')) {
		w->zone = ZONE_UTC;
	} else if (read_word(&p, "GMT") || read_word(&p, "UTC")) {
		w->zone = ZONE_UTC;
		read_offset(&p, w); /* "GMT+7" */
	} else if (!read_offset(&p, w)) {
		return 0;
	}
	if (paren && !read_char(&p, ')'))
		return 0;
	*pp = p;
	return 1;
}

/* "17:34", "17:34:00", "17:34:00.000Z", "5:34 PM", "17h34", with an optional zone. */
static int read_time(const char **pp, when *w)
{
	const char *p = *pp;
	if (!read_number(&p, FIELD_DIGITS, &w->hour, NULL))
		return 0;
	if (!read_char(&p, ':') && !read_char(&p, 'h') && !read_char(&p, 'H'))
		return 0;
	if (!read_fixed(&p, FIELD_DIGITS, &w->minute))
		return 0;
	w->has_second = read_char(&p, ':');
	if (w->has_second && !read_fixed(&p, FIELD_DIGITS, &w->second))
		return 0;
	if (w->has_second && read_char(&p, '.'))
		while (is_digit(*p))
			p++; /* fractions of a second are dropped */
	skip_blanks(&p);
	if (!read_meridiem(&p, &w->hour))
		return 0;
	skip_blanks(&p);
	read_zone(&p, w);
	w->has_time = 1;
	*pp = p;
	return 1;
}

/* What may stand between a date and a time: blanks, ',', '|', '-', '–', '@', "lúc", "at", ISO's 'T'. */
static void skip_separators(const char **pp)
{
	static const char *const words[] = {",", "|", "-", NP_EN_DASH, "@", "lúc", "at"};
	for (;;) {
		skip_blanks(pp);
		size_t i;
		for (i = 0; i < LEN(words); i++)
			if (read_word(pp, words[i]))
				break;
		if (i == LEN(words))
			break;
	}
	if (**pp == 'T' && is_digit((*pp)[1]))
		(*pp)++;
}

static void skip_weekday(const char **pp)
{
	int unused;
	if (read_named(pp, NP_LEX_WEEKDAY, &unused))
		skip_separators(pp);
}

/* [weekday] date [time]  or  time [weekday] date, and nothing after. */
static int read_all(const char *p, when *w)
{
	memset(w, 0, sizeof *w);
	skip_blanks(&p);
	skip_weekday(&p);
	if (read_date(&p, w)) {
		const char *q = p;
		skip_separators(&q);
		if (read_time(&q, w))
			p = q;
	} else {
		if (!read_time(&p, w))
			return 0;
		skip_separators(&p);
		skip_weekday(&p);
		if (!read_date(&p, w))
			return 0;
	}
	skip_blanks(&p);
	return *p == '\0';
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[MONTHS_PER_YEAR] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int is_valid(const when *w)
{
	if (w->year < YEAR_MIN || w->year > YEAR_MAX || w->month < 1 ||
	    w->month > MONTHS_PER_YEAR || w->day < 1 || w->day > days_in_month(w->year, w->month))
		return 0;
	return !w->has_time || (w->hour < HOURS_PER_DAY && w->minute < MINUTES_PER_HOUR &&
	                        w->second < MINUTES_PER_HOUR);
}

static void format_iso(const when *w, char *iso)
{
	/* every field was range-checked by is_valid, so the text fits NP_DATE_ISO_MAX */
	int n = snprintf(iso, NP_DATE_ISO_MAX, "%04d-%02d-%02d", w->year, w->month, w->day);
	if (!w->has_time)
		return;
	n += snprintf(iso + n, NP_DATE_ISO_MAX - (size_t)n, "T%02d:%02d", w->hour, w->minute);
	if (w->has_second)
		n += snprintf(iso + n, NP_DATE_ISO_MAX - (size_t)n, ":%02d", w->second);
	if (w->zone == ZONE_UTC && w->zone_minutes == 0) {
		snprintf(iso + n, NP_DATE_ISO_MAX - (size_t)n, "Z");
	} else if (w->zone != ZONE_NONE) {
		int a = w->zone_minutes < 0 ? -w->zone_minutes : w->zone_minutes;
		snprintf(iso + n, NP_DATE_ISO_MAX - (size_t)n, "%c%02d:%02d",
		         w->zone_minutes < 0 ? '-' : '+', a / MINUTES_PER_HOUR, a % MINUTES_PER_HOUR);
	}
}

/* Parses p (NUL-terminated, at most DATE_TEXT_MAX bytes) into iso. */
static int parse_short(const char *p, char *iso)
{
	when w;
	if (!read_all(p, &w) || !is_valid(&w))
		return 0;
	format_iso(&w, iso);
	return 1;
}

/* One past the last ASCII digit of s[0..len), or 0 when there is none. A
 * date that parses holds its year in ASCII digits (is_valid wants one,
 * and read_digits reads no other), so no date starts after this: most
 * lines of a page hold no digit and are not parsed at all, which spares
 * them the search for a date's suffix, a large part of segmenting. */
static size_t digits_end(const char *s, size_t len)
{
	while (len && !is_digit(s[len - 1]))
		len--;
	return len;
}

int np_date_parse(const char *s, char *iso)
{
	if (!s)
		return 0;
	while (is_blank(*s))
		s++;
	size_t len = strlen(s);
	if (len > DATE_TEXT_MAX || !digits_end(s, len))
		return 0;
	return parse_short(s, iso);
}

static int is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether a date may start at s + i: a digit not inside a number, or a letter
 * not inside a word, unless the word is glued on in camel case ("NewsOct 24"). */
static int may_start_date(const char *s, size_t i)
{
	char c = s[i], prev = i ? s[i - 1] : ' ';
	if (is_digit(c))
		return !is_digit(prev);
	if (!is_ascii_letter(c))
		return 0;
	int camel = prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z';
	return !is_ascii_letter(prev) || camel;
}

long np_date_find_suffix(const char *s, char *iso)
{
	if (!s)
		return -1;
	size_t len = strlen(s);
	size_t i = len > DATE_TEXT_MAX ? len - DATE_TEXT_MAX : 0;
	size_t end = digits_end(s, len);
	/* the earliest start that reads as a date gives the whole date, time included */
	for (; i < end; i++) {
		if (may_start_date(s, i) && parse_short(s + i, iso))
			return (long)i;
	}
	return -1;
}

/* A count in a relative date: "3", "a", "an", "one". */
static int read_count(const char **pp, long *count)
{
	int n;
	if (read_number(pp, YEAR_DIGITS, &n, NULL)) {
		*count = n;
		return 1;
	}
	size_t m = np_lexicon_longest(NP_LEX_REL_COUNT, *pp, count);
	*pp += m;
	return m > 0;
}

/* Reads a lexicon part of a relative date and the blanks after it; bytes read, or 0. */
static size_t read_relative(const char **pp, np_lex_kind kind, long *value)
{
	size_t m = np_lexicon_longest(kind, *pp, value);
	*pp += m;
	skip_blanks(pp);
	return m;
}

/* "[prefix] count unit [suffix]", with exactly one of prefix and suffix:
 * "3 hours ago", "il y a 2 jours", "8 giờ trước", "3小时前". */
static int read_counted(const char *p, long *seconds)
{
	long unused, count, unit;
	size_t prefix = read_relative(&p, NP_LEX_REL_PREFIX, &unused);
	if (!read_count(&p, &count))
		return 0;
	skip_blanks(&p);
	if (!read_relative(&p, NP_LEX_REL_UNIT, &unit))
		return 0;
	size_t suffix = read_relative(&p, NP_LEX_REL_SUFFIX, &unused);
	*seconds = count * unit;
	return *p == '\0' && (prefix > 0) != (suffix > 0);
}

int np_date_relative(const char *s, long *seconds, int *whole_days)
{
	if (!s)
		return 0;
	const char *p = s;
	skip_blanks(&p);
	if (strnlen(p, DATE_TEXT_MAX + 1) > DATE_TEXT_MAX) /* prose, not a date */
		return 0;
	long days;
	*whole_days = read_relative(&p, NP_LEX_REL_WHOLE, &days) > 0;
	if (*whole_days) {
		*seconds = -days * SECONDS_PER_DAY;
		return *p == '\0';
	}
	return read_counted(p, seconds);
}

int np_date_is_relative(const char *s)
{
	long seconds;
	int whole_days;
	return np_date_relative(s, &seconds, &whole_days);
}

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar, and
 * back (H. Hinnant, "chrono-compatible low-level date algorithms"). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, when *w)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	w->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	w->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	w->year = (int)(yoe + era * 400 + (w->month <= 2));
}

/* Moves w back by seconds on its own clock (its zone kept). */
static void step_back(when *w, long seconds)
{
	long t = days_from_civil(w->year, w->month, w->day) * SECONDS_PER_DAY +
	         (long)w->hour * SECONDS_PER_HOUR + (long)w->minute * SECONDS_PER_MINUTE +
	         w->second - seconds;
	long days = t >= 0 ? t / SECONDS_PER_DAY : -((-t + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
	long rest = t - days * SECONDS_PER_DAY;
	civil_from_days(days, w);
	w->hour = (int)(rest / SECONDS_PER_HOUR);
	w->minute = (int)(rest % SECONDS_PER_HOUR / SECONDS_PER_MINUTE);
	w->second = (int)(rest % SECONDS_PER_MINUTE);
}

int np_date_resolve(const char *s, const char *fetched, char *iso)
{
	long seconds;
	int whole_days;
	when w;
	if (!fetched || !np_date_relative(s, &seconds, &whole_days))
		return 0;
	while (is_blank(*fetched))
		fetched++;
	if (strlen(fetched) > DATE_TEXT_MAX || !read_all(fetched, &w) || !is_valid(&w))
		return 0;
	step_back(&w, seconds);
	/* a count of days or more, or a fetch time without a clock, gives a day */
	if (whole_days || seconds >= SECONDS_PER_DAY || !w.has_time)
		w.has_time = 0;
	format_iso(&w, iso);
	return 1;
}
