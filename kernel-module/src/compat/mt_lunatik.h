/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_lunatik.h - /dev/lunatik, upstream Lunatik's control protocol
 * (module parameter lunatik=1).
 */
#ifndef MT_LUNATIK_H
#define MT_LUNATIK_H

int mt_lunatik_register(void);
/* Safe when never registered. */
void mt_lunatik_unregister(void);

#endif
