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

#endif
