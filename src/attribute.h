/*
 * attribute.h — who published first (docs/architecture.md, "attribute"): each
 * cluster's origin with a confidence and the evidence, the origin outside
 * the corpus that members credit, and the publication times as intervals
 * (a date alone is a whole day) that lineage.c orders copies by.
 */
#ifndef NP_ATTRIBUTE_H
#define NP_ATTRIBUTE_H

#include "store.h"

/* The members a large cluster is attributed among: its first published
 * (the store's order). A true cluster can hold thousands of members (one
 * wire story carried by thousands of sites), and comparing every pair of
 * them at each commit would make ingest quadratic in the cluster's size
 * (benchmarks/README.md, "Large true clusters"). 64 is above every cluster
 * measured for quality: the generated corpus's are at most 41 stories
 * (copies per original on 1..40), the sample's 4; so only larger ones are
 * approximated. */
#define NP_ATTRIBUTE_PANEL 64

/* Chooses the origin of cluster c (its members as stored, MinHash
 * signatures of k values), with a confidence and the evidence as a JSON
 * array of sentences, and sets each member's credits_origin. A cluster of
 * more than NP_ATTRIBUTE_PANEL members is attributed among its first
 * NP_ATTRIBUTE_PANEL members as given (the first published, as the store
 * orders them; the evidence says so), the others only flagged as crediting
 * the origin or not: the work is bounded by the panel plus one pass over
 * the members (c->compared counts it). The origin is
 * the member most credited by the others, directly or through a chain of
 * credits (the aggregator credits the paper, the paper the wire); then the
 * one published first (a date alone does not beat a time of the same day);
 * then one carrying its own dateline or byline; then a wire over a paper
 * over an aggregator; then one whose text is found whole in another (an
 * expanded copy contains its original); ties by time and id. */
np_status np_attribute(np_cluster_rec *c, unsigned k, np_error *err);

/* 1 when credit cr names member m (its URL, site, outlet, initials, or an
 * alias of its agency in the publisher table). */
int np_credit_names(const np_credit *cr, const np_member *m);

/* *out: an n x n matrix (malloc'd), (*out)[i * n + o] = 1 when member i of
 * c has a credit naming member o (never i itself). */
np_status np_credit_matrix(const np_cluster_rec *c, unsigned char **out, np_error *err);

/* The first cols columns of that matrix: (*out)[i * cols + o], o < cols. */
np_status np_credit_columns(const np_cluster_rec *c, size_t cols, unsigned char **out,
                            np_error *err);

/* 1 when member m has a credit naming member o (never when m is o). */
int np_member_credits(const np_member *m, const np_member *o);

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
