/*
 * serve_http.h — the HTTP daemon of `newsprint serve` (serve_http.c).
 */
#ifndef NP_CLI_SERVE_HTTP_H
#define NP_CLI_SERVE_HTTP_H

#include "cli/serve.h"

typedef struct serve_http serve_http;

/* Serves requests on listen_fd (bound and listening) with ctx; NULL when
 * the daemon cannot start. */
serve_http *serve_http_start(serve_ctx *ctx, int listen_fd);

/* Takes no new connection, waits up to grace_seconds for the requests in
 * flight to be answered, then stops and closes the listening socket. */
void serve_http_stop(serve_http *h, unsigned grace_seconds);

#endif
