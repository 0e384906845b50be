/*
 * credits.h — whether a member's credit names another member of its
 * cluster, and the matrix of who credits whom.
 */
#ifndef NP_CREDITS_H
#define NP_CREDITS_H

#include <stddef.h>

#include "cluster/members.h"
#include "newsprint.h"

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

#endif
