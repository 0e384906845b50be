/*
 * external.h — an origin outside the corpus: a publisher a cluster's
 * members credit that none of them is.
 */
#ifndef NP_EXTERNAL_H
#define NP_EXTERNAL_H

#include <stddef.h>

#include "cluster/members.h"

/* An origin outside the corpus: a publisher members credit that none of
 * them is ("Reuters, credited by 3 members, not in the corpus"). */
typedef struct np_external {
	char outlet[128];   /* "" when there is none */
	size_t credited_by; /* members crediting it */
	double confidence;
} np_external;

/* The external origin of c, if any (a known agency credited by one member,
 * or any agency name credited by two), among its first NP_ATTRIBUTE_PANEL
 * members. */
void np_attribute_external(const np_cluster_rec *c, np_external *out);

/* 1 when member m credits the external origin x. */
int np_credits_external(const np_member *m, const np_external *x);

#endif
