/*
 * sign.h — what sign.c offers inside the library beyond np_sign().
 */
#ifndef NP_SIGN_H
#define NP_SIGN_H

#include "fingerprint/normalize.h"
#include "newsprint.h"

/* np_sign of s less the body paragraphs i with skip[i] set, whose content
 * hash is still that of the whole body: how a story whose outlet's template
 * lines are taken out before matching is signed (engine/template_view.c), each paragraph
 * normalized once. */
np_status np_sign_except(const np_params *p, const np_story *s, const unsigned char *skip,
                         np_fingerprint **out, np_error *err);

typedef struct np_body_text np_body_text;

/* The paragraphs of the body kept in text. */
size_t np_body_text_paragraphs(const np_body_text *text);

/* Appends to out the kept tokens of the paragraphs that skip does not mark
 * (skip NULL: all), with their invalid UTF-8 count: what np_normalize makes
 * of those paragraphs, without normalizing again. 0, or -1 when out of
 * memory. */
int np_body_text_tokens(const np_body_text *text, const unsigned char *skip, np_tokens *out);

/* np_sign_except for a story already signed with NP_SIGN_TEXT (whole): its
 * kept tokens less those of the skipped paragraphs are signed, nothing is
 * normalized again, and the rails are whole's. */
np_status np_sign_kept(const np_params *p, const np_fingerprint *whole,
                       const unsigned char *skip, np_fingerprint **out, np_error *err);

#endif
