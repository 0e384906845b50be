/*
 * external_int.h — the outside origin found from a credit matrix already
 * made, as the origin's choice (attribute.c) has it. Nothing outside the
 * attribution includes it.
 */
#ifndef NP_EXTERNAL_INT_H
#define NP_EXTERNAL_INT_H

#include "attribute/credits_int.h"
#include "attribute/external.h"

/* np_attribute_external with the credit matrix and its publishers known. */
void attr_external_with(const np_cluster_rec *c, const publishers *p,
                        const unsigned char *names, np_external *out);

#endif
