/*
 * url.h — a libpq connection URL as messages name it.
 */
#ifndef NP_STORE_PG_URL_H
#define NP_STORE_PG_URL_H

/* where with its passwords masked as "***": the one of its user
 * information (user:PASSWORD@host) and the value of each password=
 * parameter of its query string; anything else as it is. malloc'd; NULL
 * when out of memory. */
char *np_pg_url_masked(const char *where);

#endif
