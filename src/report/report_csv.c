/*
 * report_csv.c — the cluster report as CSV for spreadsheets and data
 * frames: one row per member of each reported cluster (origin first), with
 * whom it was copied from and whether it is an uncredited copy,
 * RFC 4180 (CRLF line ends, fields quoted when they hold , " CR or LF), and
 * a field that starts like a spreadsheet formula written as text (report.c).
 */
#include "report/report.h"

/* The record separator RFC 4180 prescribes. */
#define CSV_EOL "\r\n"

static const char CSV_HEADER[] =
	"cluster_id,size,origin_id,member_id,outlet,published,title,"
	"jaccard,containment,credits_origin,is_origin,copied_from,uncredited" CSV_EOL;

static const char *csv_bool(int b)
{
	return b ? "true" : "false";
}

static void member_row(FILE *out, const np_report *r, const np_cluster_rec *c, size_t j)
{
	const np_member *m = &c->m[j];
	fprintf(out, "%lld,%zu,", (long long)c->id, c->n);
	np_report_put(out, np_report_origin(c)->id, NP_ESC_CSV);
	fputc(',', out);
	np_report_put(out, m->id, NP_ESC_CSV);
	fputc(',', out);
	np_report_put(out, m->outlet, NP_ESC_CSV);
	fputc(',', out);
	np_report_put(out, m->published, NP_ESC_CSV);
	fputc(',', out);
	np_report_put(out, m->title, NP_ESC_CSV);
	fprintf(out, ",%.3f,%.3f,%s,%s,", np_report_jaccard(r, c, m),
	        np_report_containment(r, c, m), csv_bool(m->credits_origin), csv_bool(j == 0));
	np_report_put(out, np_report_source_id(r, c, j), NP_ESC_CSV);
	fprintf(out, ",%s" CSV_EOL, csv_bool(np_lineage_uncredited(np_report_lineage(r, c), j)));
}

np_status np_report_write_csv(const np_report *r, FILE *out, np_error *err)
{
	fputs(CSV_HEADER, out);
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->c[i].n; j++)
			member_row(out, r, &r->c[i], j);
	return np_report_io_status(out, err);
}
