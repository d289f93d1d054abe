# lua-kernel/lua.mk - the Lua dialect: fetched source, patched, and built as
# the userspace interpreter luak. Included by the root Makefile.

LUA_DIR     := $(BUILD)/lua
LUA_SRC     := $(LUA_DIR)/src
LUA_STAMP   := $(LUA_DIR)/.patched
LUAK        := $(BUILD)/bin/luak

# Lua's core and the libraries of the dialect (no io, os, debug; our math).
LUA_CORE    := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem \
               lobject lopcodes lparser lstate lstring ltable ltm lundump \
               lvm lzio lauxlib lbaselib lcorolib loadlib lstrlib ltablib \
               lutf8lib
LK_LIB      := $(wildcard lua-kernel/lib/*.c)
LK_INC      := lua-kernel/include

LUAK_CFLAGS := -std=gnu99 -O2 -g -Wall -Wextra -Wno-implicit-fallthrough \
               -DLUA_KERNEL_DIALECT -DLUA_USE_POSIX -DLUA_PROGNAME='"luak"' \
               -I$(LK_INC) -I$(LUA_SRC)

$(LUA_STAMP): lua-kernel/fetch-lua lua-kernel/lua5.4.sources \
              $(wildcard lua-kernel/patches/*)
	lua-kernel/fetch-lua $(LUA_DIR)
	touch $@

LUAK_SRCS = $(addprefix $(LUA_SRC)/,$(addsuffix .c,$(LUA_CORE) lua)) \
            $(LK_LIB) lua-kernel/user/lkuser.c

$(LUAK): $(LUA_STAMP) $(LK_LIB) lua-kernel/user/lkuser.c \
         $(wildcard $(LK_INC)/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(LUAK_CFLAGS) -o $@ $(LUAK_SRCS) -lm

.PHONY: lua-source luak
lua-source: $(LUA_STAMP)
luak: $(LUAK)
