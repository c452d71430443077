// SPDX-License-Identifier: GPL-2.0
#include "lib/version.h"
#include "gen/cmabulk_version.h"	/* generated: build/gen/ */

const char cmabulk_version[] = CMABULK_VERSION;
