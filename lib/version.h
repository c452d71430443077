/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tools' version, "git describe --always --dirty" of the tree they
 * were built from. It lives in one object, rebuilt whenever the version
 * changes (the Makefile rewrites cmabulk_version.h then), so that a
 * results folder never names the commit of an older build.
 */
#ifndef CMABULK_LIB_VERSION_H
#define CMABULK_LIB_VERSION_H

extern const char cmabulk_version[];

#endif
