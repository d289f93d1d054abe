/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_compat.h - what differs between the kernels moontide builds against
 * (6.1 and later). Every kernel-version test is here, none in the .c files.
 */
#ifndef MT_COMPAT_H
#define MT_COMPAT_H

#include <linux/device.h>
#include <linux/module.h>
#include <linux/version.h>

/* 6.2: a class's devnode() takes a const struct device. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define MT_DEVNODE_CONST	const
#else
#define MT_DEVNODE_CONST
#endif

/* 6.4: class_create() lost its owner argument. */
static inline struct class *mt_class_create(const char *name)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	return class_create(name);
#else
	return class_create(THIS_MODULE, name);
#endif
}

#endif
