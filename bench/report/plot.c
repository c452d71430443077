// SPDX-License-Identifier: GPL-2.0
/* gnuplot data blocks and the plot command naming them; see plot.h. */
#include <stdio.h>
#include <stdlib.h>

#include "bench/report/plot.h"
#include "lib/tool.h"

int plot__open(struct plot_files *p, const char *dir, const char *name)
{
	char path[1200];

	snprintf(p->name, sizeof(p->name), "%s", name);
	p->blocks = 0;
	snprintf(path, sizeof(path), "%s/plots/%s.dat", dir, name);
	p->dat = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/plots/%s.plot", dir, name);
	p->cmd = fopen(path, "w");
	if (p->dat && p->cmd)
		return 0;
	plot__close(p);
	return -1;
}

void plot__add(struct plot_files *p, const char *spec, const char *title)
{
	fprintf(p->dat, "\n\n");
	fprintf(p->cmd, "%s'%s.dat' index %d %s title '%s'", p->blocks ? ", \\\n     " : "plot ",
		p->name, p->blocks, spec, title);
	p->blocks++;
}

void plot__close(struct plot_files *p)
{
	if (p->cmd) {
		fprintf(p->cmd, "\n");
		fclose(p->cmd);
	}
	if (p->dat)
		fclose(p->dat);
	p->dat = p->cmd = NULL;
}

bool plot__render(const char *dir, const char *script)
{
	char cmd[1200];

	if (system("command -v gnuplot >/dev/null 2>&1"))
		return false;
	snprintf(cmd, sizeof(cmd), "cd '%s/plots' && gnuplot '%s' 2>gnuplot.log", dir, script);
	if (system(cmd) == 0)
		return true;
	tool_error(0, "gnuplot failed, see %s/plots/gnuplot.log", dir);
	return false;
}
