/*
 * credit.h — recognising credit lines and wire datelines (see credit.c).
 */
#ifndef NP_CREDIT_H
#define NP_CREDIT_H

#include <stddef.h>

#include "newsprint.h"

/* 1 when line s is a credit line; its kind, and its value as *v (n bytes,
 * inside s). */
int np_credit_line(const char *s, np_credit_kind *kind, const char **v, size_t *n);

/* 1 when paragraph para opens with a wire dateline ("CITY (Agency) -");
 * the agency's name as *name (n bytes, inside para). */
int np_agency_dateline(const char *para, const char **name, size_t *n);

#endif
