/* SPDX-License-Identifier: GPL-2.0 */
/* mt_ctl.h - the control device /dev/moontide (protocol v1). */
#ifndef MT_CTL_H
#define MT_CTL_H

struct mt_runtime;

#define MT_PROTOCOL		1
#define MT_REQUEST_MAX		(1024 * 1024)	/* one write(2) */
#define MT_RESPONSE_MAX		(1024 * 1024)

int mt_ctl_register(struct mt_runtime *control);
void mt_ctl_unregister(void);

#endif
