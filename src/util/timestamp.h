/*
 * timestamp.h — ISO 8601 text (as the reader and the segmenter store dates)
 * to seconds since the epoch, for ordering stories and for the matching
 * window. Reading dates as pages print them is date.c's work.
 */
#ifndef NP_TIMESTAMP_H
#define NP_TIMESTAMP_H

#include <stdint.h>

/* "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with an optional "Z" or "+HH:MM"
 * zone (none: UTC). Returns 1 and fills *seconds (and *has_time: whether a
 * time of day was given), or 0 when s is not such a date. */
int np_timestamp_parse(const char *s, int64_t *seconds, int *has_time);

#define SECONDS_PER_MINUTE 60
#define SECONDS_PER_HOUR 3600
#define SECONDS_PER_DAY 86400

#endif
