/*
 * panel.h — the members a large cluster is attributed among.
 */
#ifndef NP_PANEL_H
#define NP_PANEL_H

#include "cluster/members.h"

/* The members a large cluster is attributed among: its first published
 * (the store's order). A true cluster can hold thousands of members (one
 * wire story carried by thousands of sites), and comparing every pair of
 * them at each commit would make ingest quadratic in the cluster's size
 * (benchmarks/README.md, "Large true clusters"). 64 is above every cluster
 * measured for quality: the generated corpus's are at most 41 stories
 * (copies per original on 1..40), the sample's 4; so only larger ones are
 * approximated. */
#define NP_ATTRIBUTE_PANEL 64

/* c's first NP_ATTRIBUTE_PANEL members as a cluster of their own, sharing
 * c's members. */
static inline np_cluster_rec np_attribute_panel(const np_cluster_rec *c)
{
	np_cluster_rec p = *c;
	p.n = c->n < NP_ATTRIBUTE_PANEL ? c->n : NP_ATTRIBUTE_PANEL;
	p.evidence_json = NULL;
	return p;
}

#endif
