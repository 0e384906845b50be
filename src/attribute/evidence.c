/*
 * evidence.c — why the origin was chosen, as a JSON array of sentences
 * ("credited by 3 members", "published first, 2 h before the next"), and
 * the confidence those pieces of evidence give it together.
 */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "attribute/attribute_int.h"
#include "util/error.h"
#include "util/timestamp.h"

/* Confidence is a noisy-OR of the evidence for the origin: each piece alone
 * would make it right with its probability, and they are taken as
 * independent. Credits are statements by the copies themselves; a chain
 * credit only names the origin's copy; an order by timestamps is strong
 * unless minutes apart (clocks and edits), an order by dates weaker. */
#define P_CHAIN_CREDIT 0.3    /* each member crediting it through another copy */
#define P_OWN_CREDIT 0.3      /* its own dateline or byline: original reporting */
#define P_EARLIEST_CLEAR 0.6  /* earliest by at least an hour, timestamps */
#define P_EARLIEST_CLOSE 0.4  /* earliest by less than an hour */
#define P_EARLIEST_DATE 0.4   /* earliest, but a date alone on one side */
#define P_WIRE 0.2            /* a wire or press-release service */
#define P_CONTAINED 0.2       /* its text is found whole in a copy */
#define P_SOURCE 0.2          /* copies derive from it by shared passages: a measured
                               * direction, as containment's */
#define CONF_NONE 0.3         /* nothing tells the members apart: a guess */
#define CONF_MAX 0.99         /* never certain: a true origin may be outside */
#define CONF_CONTRADICTED 0.5 /* another member certainly published earlier */
#define CONF_SINGLE 1.0       /* a story alone is its own origin */

typedef struct evidence {
	cJSON *lines;
	double miss; /* product of (1 - p) over the evidence found */
	int any;
} evidence;

static void support(evidence *ev, double p, size_t times)
{
	for (size_t i = 0; i < times; i++)
		ev->miss *= 1.0 - p;
	ev->any |= times > 0;
}

static void say(evidence *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(evidence *ev, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(ev->lines, cJSON_CreateString(line));
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void credit_evidence(evidence *ev, const cand *o)
{
	size_t chain = o->reach - o->direct;
	if (o->direct && chain)
		say(ev, "credited by %zu member%s, and by %zu more through another copy", o->direct,
		    plural(o->direct), chain);
	else if (o->direct)
		say(ev, "credited by %zu member%s", o->direct, plural(o->direct));
	support(ev, ATTR_P_CREDIT, o->direct);
	support(ev, P_CHAIN_CREDIT, chain);
}

/* The nearest member certainly after o: the gap to it, and whether both
 * times are timestamps. */
static long long next_gap(const attrib *a, size_t o, int *precise)
{
	long long gap = -1;
	for (size_t j = 0; j < a->c->n; j++) {
		np_when w = a->cd[j].when;
		if (j == o || np_when_cmp(a->cd[o].when, w) >= 0)
			continue;
		long long g = w.lo - a->cd[o].when.lo;
		if (gap < 0 || g < gap) {
			gap = g;
			*precise = w.precise && a->cd[o].when.precise;
		}
	}
	return gap;
}

static void earliest_evidence(evidence *ev, const attrib *a, size_t o)
{
	int precise = 0;
	long long gap = next_gap(a, o, &precise);
	if (!precise) {
		long long days = gap / SECONDS_PER_DAY;
		say(ev, "earliest by date: %lld day%s before the next", days ? days : 1,
		    plural((size_t)(days ? days : 1)));
		support(ev, P_EARLIEST_DATE, 1);
	} else if (gap >= SECONDS_PER_HOUR) {
		say(ev, "earliest by %lld h", gap / SECONDS_PER_HOUR);
		support(ev, P_EARLIEST_CLEAR, 1);
	} else {
		say(ev, "earliest by %lld min", gap / SECONDS_PER_MINUTE);
		support(ev, P_EARLIEST_CLOSE, 1);
	}
}

/* Members as early as o by time (neither certainly before the other), and
 * how many of them have a date alone or the same timestamp. */
static void tied_evidence(evidence *ev, const attrib *a, size_t o)
{
	size_t same = 0, dated = 0;
	for (size_t j = 0; j < a->c->n; j++) {
		const np_when *w = &a->cd[j].when;
		if (j == o || !w->known || a->cd[j].time < 0)
			continue;
		if (w->precise && a->cd[o].when.precise)
			same++;
		else
			dated++;
	}
	if (dated)
		say(ev, "published the same day as %zu member%s with a date alone", dated,
		    plural(dated));
	else if (same)
		say(ev, "published at the same time as another member");
}

/* The earliest member certainly before o (o has time -1). */
static size_t earlier_member(const attrib *a, size_t o)
{
	size_t e = o;
	for (size_t j = 0; j < a->c->n; j++)
		if (np_when_cmp(a->cd[j].when, a->cd[o].when) < 0 &&
		    (e == o || a->cd[j].when.lo < a->cd[e].when.lo))
			e = j;
	return e;
}

static void time_evidence(evidence *ev, const attrib *a, size_t o)
{
	const cand *cd = &a->cd[o];
	if (cd->time > 0)
		earliest_evidence(ev, a, o);
	else if (cd->time == 0 && cd->when.known)
		tied_evidence(ev, a, o);
	else if (cd->time < 0) {
		const np_member *e = &a->c->m[earlier_member(a, o)];
		say(ev, "but %s published earlier", e->outlet ? e->outlet : e->id);
	} else
		say(ev, "no publication times to compare");
}

static void other_evidence(evidence *ev, const attrib *a, size_t o)
{
	const cand *cd = &a->cd[o];
	if (cd->own_credit)
		say(ev, "carries its own dateline or byline");
	support(ev, P_OWN_CREDIT, (size_t)cd->own_credit);
	if (cd->kind_rank == RANK_WIRE)
		say(ev, "a wire service");
	support(ev, P_WIRE, cd->kind_rank == RANK_WIRE);
	if (cd->sourced && !cd->derived)
		say(ev, "%zu member%s derive%s from it by shared passages", cd->sourced,
		    plural(cd->sourced), cd->sourced == 1 ? "s" : "");
	support(ev, P_SOURCE, cd->sourced && !cd->derived);
	if (cd->contained)
		say(ev, "its text is found whole in %zu member%s", cd->contained, plural(cd->contained));
	support(ev, P_CONTAINED, cd->contained > 0);
}

static void external_evidence(evidence *ev, const np_external *x)
{
	if (x->outlet[0])
		say(ev, "%s, credited by %zu member%s, not in the corpus", x->outlet, x->credited_by,
		    plural(x->credited_by));
}

static double confidence(const evidence *ev, const attrib *a, size_t o)
{
	if (a->c->n == 1)
		return CONF_SINGLE;
	double conf = ev->any ? 1.0 - ev->miss : CONF_NONE;
	if (conf > CONF_MAX)
		conf = CONF_MAX;
	return a->cd[o].time < 0 ? conf * CONF_CONTRADICTED : conf;
}

np_status attr_write_evidence(np_cluster_rec *c, const attrib *a, size_t o,
                              const np_external *x, np_error *err)
{
	evidence ev = {cJSON_CreateArray(), 1.0, 0};
	if (!ev.lines)
		return np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
	if (a->c->n > 1) {
		external_evidence(&ev, x);
		credit_evidence(&ev, &a->cd[o]);
		time_evidence(&ev, a, o);
		other_evidence(&ev, a, o);
	}
	if (c->n > a->c->n)
		say(&ev, "compared among its %zu first published members only", a->c->n);
	free(c->evidence_json);
	c->evidence_json = cJSON_PrintUnformatted(ev.lines);
	c->confidence = confidence(&ev, a, o);
	cJSON_Delete(ev.lines);
	return c->evidence_json ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
}
