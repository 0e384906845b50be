/*
 * engine.h — what report code needs of an np_db beyond the public API.
 */
#ifndef NP_ENGINE_H
#define NP_ENGINE_H

#include "newsprint.h"
#include "store/store.h"

np_store *np_db_store(np_db *db);

#endif
