/*
 * when.h — a member's publication time as the interval it may lie in (a
 * date alone is a whole day), which attribution and lineage.c order
 * members by.
 */
#ifndef NP_WHEN_H
#define NP_WHEN_H

#include "cluster/members.h"

/* A publication time as the interval it may lie in: a timestamp is one
 * instant, a date alone its whole day (UTC). */
typedef struct np_when {
	long long lo, hi; /* seconds since the epoch */
	int known;        /* 0: no usable time */
	int precise;      /* 1: a time of day was given */
} np_when;

np_when np_member_when(const np_member *m);

/* -1 when a is certainly before b, 1 when certainly after, 0 when the
 * intervals overlap or either is unknown. */
int np_when_cmp(np_when a, np_when b);

#endif
