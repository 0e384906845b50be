/*
 * lock.c — one writer a store (README: "One store, many processes").
 *
 * SQLite lets two connections write one WAL store in turn, but an ingest
 * decides each story against the index it loaded when it opened the store
 * (and hands out cluster ids from the largest one it saw then): a second
 * ingest's stories are invisible to it, and both would give cluster 1 to
 * unrelated stories. So a store has one writer at a time: a writing handle
 * takes an exclusive flock(2) on PATH-lock beside the store before SQLite
 * opens it, and writes its process id there. A second writer is refused
 * (NP_EBUSY, naming that process) before it writes anything. The kernel
 * drops the lock when its holder ends, however it ends, so a crashed ingest
 * leaves the file but no lock. Readers take no lock: WAL lets them read a
 * committed snapshot while the writer writes.
 */
#include "store/sqlite/sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strbuf.h"

#define LOCK_SUFFIX "-lock"

/* Room for a process id in decimal and a newline. */
#define PID_TEXT_MAX 32

char *sq_lock_path(const char *path)
{
	size_t n = strlen(path);
	char *p = malloc(n + sizeof LOCK_SUFFIX);
	if (p) {
		memcpy(p, path, n);
		memcpy(p + n, LOCK_SUFFIX, sizeof LOCK_SUFFIX);
	}
	return p;
}

/* The process id written in the lock file, or 0 when it cannot be read
 * (the holder may not have written it yet). */
static long holder_pid(int fd)
{
	char text[PID_TEXT_MAX] = {0};
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	return n > 0 ? strtol(text, NULL, 10) : 0;
}

static np_status refuse(int fd, const char *path, np_error *err)
{
	long pid = holder_pid(fd);
	close(fd);
	if (!pid)
		return np_fail(err, NP_EBUSY, "%s is being written by another process: a store "
		               "takes one writer at a time; wait for it to end", path);
	return np_fail(err, NP_EBUSY, "%s is being written by process %ld: a store takes one "
	               "writer at a time; wait for it to end", path, pid);
}

static void write_pid(int fd)
{
	char text[PID_TEXT_MAX];
	int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
	/* the pid is for the message of a refused writer: the lock holds without it */
	if (ftruncate(fd, 0) == 0 && pwrite(fd, text, (size_t)n, 0) != n)
		(void)ftruncate(fd, 0);
}

np_status sq_lock_writer(const char *path, int *fd_out, np_error *err)
{
	*fd_out = -1;
	char *lock_path = sq_lock_path(path);
	if (!lock_path)
		return np_fail(err, NP_ENOMEM, "out of memory opening %s", path);
	int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	int open_errno = errno;
	free(lock_path);
	if (fd < 0) {
		/* a folder nobody may write in holds no writer's -wal file either,
		 * so nobody writes there: SQLite's own open then says why not */
		if (open_errno == EACCES || open_errno == EROFS || open_errno == EPERM)
			return NP_OK;
		return np_fail(err, NP_ESTORE, "%s%s: %s", path, LOCK_SUFFIX, strerror(open_errno));
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? refuse(fd, path, err)
		                            : np_fail(err, NP_ESTORE, "%s%s: cannot lock: %s", path,
		                                      LOCK_SUFFIX, strerror(errno));
	write_pid(fd);
	*fd_out = fd;
	return NP_OK;
}

void sq_unlock_writer(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the only descriptor drops the flock */
}
