/*
 * attribute_int.h — what choosing an origin (attribute.c) shares with
 * saying why (evidence.c): what is known of each member of the cluster.
 * Nothing outside the attribution includes it.
 */
#ifndef NP_ATTRIBUTE_INT_H
#define NP_ATTRIBUTE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "attribute/credits_int.h"
#include "attribute/external.h"
#include "attribute/when.h"
#include "cluster/members.h"

/* Outlet kinds by how likely they are to be where a story starts. */
enum { RANK_AGGREGATOR, RANK_OTHER, RANK_WIRE };

typedef struct cand {
	np_when when;
	size_t direct;    /* members whose credits name it */
	size_t reach;     /* members whose chain of credits leads to it */
	int time;         /* 1: the one earliest; 0: cannot tell; -1: certainly after another */
	int own_credit;   /* it carries its own dateline or byline */
	int kind_rank;
	int derived;      /* the passage tier found it derived from another member */
	size_t sourced;   /* members the passage tier found derived from it */
	size_t contained; /* members its text is found whole in */
} cand;

typedef struct attrib {
	np_cluster_rec *c;
	unsigned k;
	cand *cd;
	unsigned char *names; /* names[i * n + o]: member i credits member o */
	publishers pub;       /* what names was made from */
	uint64_t compared;    /* member pairs compared */
} attrib;

/* c is attributed on panel (a) of its first members: the evidence counts
 * only the panel's members, and says so when they are not all. */
np_status attr_write_evidence(np_cluster_rec *c, const attrib *a, size_t o,
                              const np_external *x, np_error *err);

#endif
