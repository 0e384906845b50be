/*
 * attribute.h — who published first (DESIGN.md stage "attribute").
 */
#ifndef NP_ATTRIBUTE_H
#define NP_ATTRIBUTE_H

#include "store.h"

/* Chooses the origin of cluster c (its members as stored), with a
 * confidence and the evidence as a JSON array of sentences, and sets each
 * member's credits_origin. The origin is the member most credited by the
 * others (a Source: URL or an outlet name that names it); without credits,
 * the earliest published, ties broken by id. */
np_status np_attribute(np_cluster_rec *c, np_error *err);

/* 1 when credit cr names member m (its URL, site or outlet). */
int np_credit_names(const np_credit *cr, const np_member *m);

#endif
