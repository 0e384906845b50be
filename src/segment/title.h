/*
 * title.h — which line of a page is its headline, once the body is known.
 */
#ifndef NP_TITLE_H
#define NP_TITLE_H

#include <stddef.h>

#include "segment/region.h"

/* The line (index into lines) of the headline: of the short lines just
 * before the body, the one whose words the body's lead and the page's first
 * line repeat the most, the nearest on a tie. Returns n (no line) when no
 * line before the body can be a headline. */
size_t np_title_pick(const char *const *lines, const np_line_info *info, size_t n,
                     np_region body);

#endif
