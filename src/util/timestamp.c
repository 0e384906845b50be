/*
 * timestamp.c — ISO 8601 to seconds since the epoch (see timestamp.h).
 */
#include "util/timestamp.h"

#include <string.h>
#include <time.h>

/* Reads one to max decimal digits at *p into *v and moves *p past them;
 * 0 when *p holds no digit. (sscanf reads the same, at some thirty times
 * the cost: a story's time is read several times on the ingesting thread.) */
static int read_digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	for (; n < max && (*p)[n] >= '0' && (*p)[n] <= '9'; n++)
		*v = *v * 10 + ((*p)[n] - '0');
	*p += n;
	return n > 0;
}

/* Reads exactly n digits at *p (and moves past them); 0 when fewer. */
static int read_exactly(const char **p, int n, int *v)
{
	const char *start = *p;
	return read_digits(p, n, v) && *p - start == n;
}

/* "+07:00" or "-0530" after the time: the offset to subtract, in seconds. */
static long zone_offset(const char *z)
{
	int sign = *z == '+' ? 1 : *z == '-' ? -1 : 0;
	int h = 0, m = 0;
	const char *p = z + 1;
	if (!sign || !read_digits(&p, 2, &h))
		return 0;
	if (*p == ':')
		p++;
	read_digits(&p, 2, &m);
	return sign * (h * SECONDS_PER_HOUR + m * SECONDS_PER_MINUTE);
}

/* Reads the time of day after "T" or " "; returns where it ends. */
static const char *read_clock(const char *t, struct tm *tm, int *has_time)
{
	int h, mi, sec = 0;
	const char *p = t + 1;
	if ((t[0] != 'T' && t[0] != ' ') || !read_digits(&p, 2, &h) || *p++ != ':' ||
	    !read_digits(&p, 2, &mi))
		return t;
	if (*p == ':') {
		const char *q = p + 1;
		if (read_digits(&q, 2, &sec))
			p = q;
	}
	while (*p == '.' || (*p >= '0' && *p <= '9')) /* fractions of a second */
		p++;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = sec;
	*has_time = 1;
	return p;
}

int np_timestamp_parse(const char *s, int64_t *seconds, int *has_time)
{
	int y, mo, d;
	const char *p = s;
	*has_time = 0;
	if (!s || !read_exactly(&p, 4, &y) || *p++ != '-' || !read_exactly(&p, 2, &mo) ||
	    *p++ != '-' || !read_exactly(&p, 2, &d))
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d};
	const char *rest = read_clock(p, &tm, has_time);
	*seconds = (int64_t)timegm(&tm) - zone_offset(rest);
	return 1;
}
