/*
 * attribute.h — who published first: each cluster's origin with a
 * confidence and the evidence. What it is chosen from has headers of its
 * own, which lineage.c and the reports read too: who credits whom
 * (credits.h), the origin outside the corpus that members credit
 * (external.h) and the publication times as intervals (when.h).
 */
#ifndef NP_ATTRIBUTE_H
#define NP_ATTRIBUTE_H

#include "attribute/panel.h"
#include "cluster/members.h"

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

#endif
