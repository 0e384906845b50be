/*
 * date.h — reading the dates news pages print: absolute dates and times into
 * ISO 8601, relative ones ("8 giờ trước", "3 hours ago") recognised as such.
 */
#ifndef NP_DATE_H
#define NP_DATE_H

/* Room for the longest ISO text made: "YYYY-MM-DDTHH:MM:SS+HH:MM" and its NUL. */
#define NP_DATE_ISO_MAX 32

/* Parses an absolute date/time as printed on news pages into ISO 8601: "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM" (or with :SS and a zone, if given). Returns 1 and fills iso (at least
 * NP_DATE_ISO_MAX bytes) when the whole of s (trimmed) is a date; else 0.
 * Numeric dates are day first ("24/10/2024") unless the year comes first
 * ("2024-10-24") or the second number cannot be a month ("10/24/2024"). */
int np_date_parse(const char *s, char *iso);

/* Finds a date at the END of s (as in an outlet glued to a date); returns the byte offset
 * where it starts and fills iso, or -1. */
long np_date_find_suffix(const char *s, char *iso);

/* 1 if s is a relative date like "8 giờ trước", "3 hours ago", "2 days ago", "yesterday". */
int np_date_is_relative(const char *s);

/* Reads a relative date: 1 with *seconds (how long before "now" it is) and
 * *whole_days (1 for a day named as a whole: "yesterday", "hôm qua"); else 0. */
int np_date_relative(const char *s, long *seconds, int *whole_days);

/* Resolves a relative date s against the time the page was fetched (any
 * form np_date_parse reads, "2024-10-24T17:34:00+07:00" best) into iso:
 * "3 hours ago" gives a date and time on the fetch time's clock, "2 days
 * ago" or "yesterday" a day. Returns 0 (iso untouched) when s is not a
 * relative date or fetched is NULL or unreadable. */
int np_date_resolve(const char *s, const char *fetched, char *iso);

#endif
