/*
 * credits_int.h — the publishers a cluster's members and credits are, found
 * once, and the matrix of who credits whom made from them: what credits.c
 * gives the origin's choice (attribute.c) and the outside origin
 * (external.c). Nothing outside the attribution includes it.
 */
#ifndef NP_CREDITS_INT_H
#define NP_CREDITS_INT_H

#include <stddef.h>

#include "attribute/credits.h"
#include "cluster/members.h"
#include "read/outlets.h"

/* The confidence each member crediting a publisher lends it as the origin,
 * in the noisy-OR of evidence.c, and for an origin outside the corpus
 * (external.c). */
#define ATTR_P_CREDIT 0.6


/* What np_credit_names compares of a credit or a member, found once. */
typedef struct side {
	const char *key;          /* url_key of a source-URL credit or a member's URL */
	const np_publisher *pub;
} side;

/* The URL key and publisher of every member and of every credit, found
 * once: a cluster compares each member's credits with every other member,
 * and finding them again at each comparison would cost a large share of
 * the ingest thread. */
typedef struct publishers {
	side *member;
	side *credit;   /* credits of member i from credit[first[i]] */
	size_t *first;
	size_t n_member, n_credit;
} publishers;

/* The publisher a credit names: an agency alias in its words ("Theo
 * TTXVN"), or the owner of the domain of a Source: URL. */
const np_publisher *attr_credit_publisher(const np_credit *cr);

const np_publisher *attr_member_publisher(const np_member *m);

void attr_publishers_free(publishers *p);

/* Whether credit j of member i names member o. */
int attr_credit_names(const np_cluster_rec *c, const publishers *p, size_t i, size_t j,
                      size_t o);

np_status attr_matrix_with(const np_cluster_rec *c, publishers *p, unsigned char **out,
                           np_error *err);

#endif
