/*
 * when.c — a member's publication time as the interval it may lie in (see
 * when.h).
 */
#include "attribute/when.h"

#include "util/timestamp.h"

/* A date alone says only the day (its zone unknown, taken as UTC). */
np_when np_member_when(const np_member *m)
{
	np_when w = {0};
	int64_t t;
	int has_time = 0;
	if (!m->published || !np_timestamp_parse(m->published, &t, &has_time))
		return w;
	w.known = 1;
	w.precise = has_time;
	w.lo = (long long)t;
	w.hi = has_time ? w.lo : w.lo + SECONDS_PER_DAY - 1;
	return w;
}

int np_when_cmp(np_when a, np_when b)
{
	if (!a.known || !b.known)
		return 0;
	if (a.hi < b.lo)
		return -1;
	return b.hi < a.lo ? 1 : 0;
}
