/*
 * timestamp.c — ISO 8601 to seconds since the epoch (see timestamp.h).
 */
#include "util/timestamp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* "+07:00" or "-0530" after the time: the offset to subtract, in seconds. */
static long zone_offset(const char *z)
{
	int sign = *z == '+' ? 1 : *z == '-' ? -1 : 0;
	int h = 0, m = 0;
	if (!sign || sscanf(z + 1, "%2d:%2d", &h, &m) < 1)
		if (!sign || sscanf(z + 1, "%2d%2d", &h, &m) < 1)
			return 0;
	return sign * (h * SECONDS_PER_HOUR + m * SECONDS_PER_MINUTE);
}

/* Reads the time of day after "T" or " "; returns where it ends. */
static const char *read_clock(const char *t, struct tm *tm, int *has_time)
{
	int h, mi, sec = 0, used = 0;
	if ((t[0] != 'T' && t[0] != ' ') || sscanf(t + 1, "%2d:%2d%n", &h, &mi, &used) != 2)
		return t;
	t += 1 + used;
	if (*t == ':' && sscanf(t + 1, "%2d%n", &sec, &used) == 1)
		t += 1 + used;
	while (*t == '.' || (*t >= '0' && *t <= '9')) /* fractions of a second */
		t++;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = sec;
	*has_time = 1;
	return t;
}

int np_timestamp_parse(const char *s, int64_t *seconds, int *has_time)
{
	int y, mo, d, used = 0;
	*has_time = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d};
	const char *rest = read_clock(s + 10, &tm, has_time);
	*seconds = (int64_t)timegm(&tm) - zone_offset(rest);
	return 1;
}
