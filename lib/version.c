// SPDX-License-Identifier: GPL-2.0
#include "lib/version.h"
#include "cmabulk_version.h"	/* generated in the build folder */

const char cmabulk_version[] = CMABULK_VERSION;
