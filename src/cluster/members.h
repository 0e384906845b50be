/*
 * members.h — a cluster as attribution and reports read it: its members
 * (with their credits, signatures and the stories they derive from) and the
 * attribution it holds. The store fills it; attribution chooses its origin.
 */
#ifndef NP_MEMBERS_H
#define NP_MEMBERS_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"

/* A story another was derived from, by shared passages. */
typedef struct np_source {
	int64_t sid;
	char *id, *outlet;
	char *cls;          /* "wholly" or "partially" */
	double share;       /* share of the derived story in passages shared with it */
	uint32_t passages;  /* how many shared passages */
	uint32_t words;     /* words of the derived story in them */
} np_source;

/* One member of a cluster, as attribution and reports read it. */
typedef struct np_member {
	int64_t sid;
	char *id, *url, *outlet, *published, *title;
	np_credit *credits;
	size_t n_credits;
	uint32_t *minhash;
	uint32_t n_shingles;
	int credits_origin;
	int credits_origin_stored; /* the flag as the store has it (0 for a story just added):
	                            * saving an attribution rewrites only the rows it changes */
	np_source *sources; /* whom it derives from, by shared passages, largest share first */
	size_t n_sources;
} np_member;

typedef struct np_cluster_rec {
	int64_t id;
	np_member *m; /* ordered by published, then id */
	size_t n;
	/* the stored attribution (origin_sid 0 when none yet) */
	int64_t origin_sid;
	double confidence;
	char *evidence_json; /* a JSON array of strings */
	/* set by np_attribute: the origin outside the corpus it found ("" when
	 * none; as np_external's outlet), and how many member pairs it compared
	 * (tests bound the work) */
	char external[128];
	uint64_t compared;
} np_cluster_rec;

void np_cluster_rec_free(np_cluster_rec *c);
/* Whether story row sid is among the first n members of c (a panel's
 * first members, before the stories it is given). */
int np_cluster_rec_has(const np_cluster_rec *c, size_t n, int64_t sid);
/* Whether the passage tier found member t derived from member f. */
int np_member_derives_from(const np_member *t, const np_member *f);

#endif
