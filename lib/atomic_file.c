// SPDX-License-Identifier: GPL-2.0
/* Write-then-rename files (atomic_file.h). */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/atomic_file.h"

FILE *atomic_open(const char *path)
{
	char tmp[1024];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	return fopen(tmp, "w");
}

int atomic_close(FILE *f, const char *path)
{
	/*
	 * The reason kept (ENOSPC on a full disk), for the run's meta.json:
	 * the errno of the write that set the error flag, when the flush has
	 * nothing left to say.
	 */
	int err = 0, first = errno;
	char tmp[1024];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	errno = 0;
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		err = -(errno ? errno : ferror(f) && first ? first : EIO);
	if (fclose(f) && !err)
		err = -(errno ? errno : EIO);
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
