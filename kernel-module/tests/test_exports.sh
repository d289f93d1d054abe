#!/usr/bin/env bash
# moontide.ko beside a module exporting Lua's C API under Lua's names, as
# upstream Lunatik's lunatik.ko does (lua-kernel/include/lknames.h): every
# name moontide.ko exports starts with moontide_, in the module file and in
# the running kernel, and both modules load in one kernel, in either order,
# with a consumer module (tests/api) bound to moontide's functions.
# Runs in the lab with moontide.ko unloaded; leaves it unloaded.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ko=${MOONTIDE_KO:-$here/../../build/kernel/moontide.ko}
names_ko=${MOONTIDE_LUANAMES_KO:-$here/../../build/kernel-luanames/mt_luanames.ko}
api_ko=${MOONTIDE_API_TEST_KO:-$here/../../build/kernel-api-test/moontide_api_test.ko}
. "$here/../../lab/tap.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# "NAME..." on stdin: the names without moontide's prefix (none expected)
unprefixed() { grep -v '^moontide_' || true; }
# Lua's C API and upstream Lunatik's names: lua_*, luaL_*, luaopen_*,
# lunatik_*, and its libraries' (luaS_hash, luadata_*, luarcu_*...)
lua_named() { grep -E '^(lua[A-Za-z]*|lunatik)_' || true; }

# The module file: __ksymtab_strings holds each exported name (and empty
# namespace strings), what the kernel registers at insmod.
objcopy -O binary --only-section=__ksymtab_strings "$ko" "$tmp/strings" ||
	{ not_ok "objcopy: the export names of moontide.ko"; tap_done; exit 1; }
tr '\0' '\n' <"$tmp/strings" | grep -v '^$' | sort -u >"$tmp/file"
n=$(wc -l <"$tmp/file")
grep -qx moontide_luaL_addgsub "$tmp/file" && grep -qx moontide_runtime_create "$tmp/file" &&
	[ "$n" -ge 140 ] && ok "moontide.ko exports $n names, the Lua C API's among them" ||
	not_ok "moontide.ko exports $n names, without moontide_luaL_addgsub or moontide_runtime_create"
bad=$(unprefixed <"$tmp/file")
[ -z "$bad" ] && ok "every export in moontide.ko starts with moontide_" ||
	not_ok "exports without the moontide_ prefix: $(echo $bad)"
bad=$(lua_named <"$tmp/file")
[ -z "$bad" ] && ok "no export in moontide.ko has a name Lua or Lunatik exports" ||
	not_ok "exports with Lua's or Lunatik's names: $(echo $bad)"

# The running kernel's view: each export is a __ksymtab_<name> symbol of
# the module in /proc/kallsyms (the lab kernel has CONFIG_KALLSYMS_ALL).
ksyms() { # MODULE: the module's exported names, sorted
	awk -v m="[$1]" '$4 == m && $3 ~ /^__ksymtab_/ { sub(/^__ksymtab_/, "", $3); print $3 }' \
		/proc/kallsyms | sort -u
}
if insmod "$ko"; then
	ksyms moontide >"$tmp/kernel"
	cmp -s "$tmp/file" "$tmp/kernel" &&
		ok "the kernel lists the same $(wc -l <"$tmp/kernel") exports for moontide" ||
		{ not_ok "the kernel's exports of moontide differ from the file's"; diff "$tmp/file" "$tmp/kernel" | sed 's/^/# /'; }
	rmmod moontide || not_ok "rmmod moontide"
else
	not_ok "insmod moontide.ko"
fi

# Both in one kernel. The stand-in first (Lunatik loaded, then moontide):
passed() { dmesg | grep -c 'moontide_api_test: all passed'; }
if insmod "$names_ko"; then
	n=$(ksyms mt_luanames | wc -l)
	[ "$n" -gt 100 ] && ksyms mt_luanames | grep -qx lua_pushinteger &&
		ok "the stand-in exports $n of Lua's names (lua_pushinteger...)" ||
		not_ok "the stand-in exports $n names"
	if insmod "$ko"; then
		ok "moontide.ko loads while a module exports Lua's names"
		before=$(passed)
		if insmod "$api_ko"; then
			[ "$(modinfo -F depends "$api_ko")" = moontide ] &&
				[ "$(passed)" -gt "$before" ] &&
				ok "a consumer of moontide's API binds to moontide's functions, not the stand-in's, and passes" ||
				not_ok "moontide_api_test beside the stand-in (depends: $(modinfo -F depends "$api_ko"))"
			"$here/mtctl" stop api-test >/dev/null || not_ok "stop api-test"
			rmmod moontide_api_test || not_ok "rmmod moontide_api_test"
		else
			not_ok "insmod moontide_api_test.ko beside the stand-in"
		fi
		rmmod moontide || not_ok "rmmod moontide"
	else
		not_ok "moontide.ko does not load while a module exports Lua's names"
		dmesg | tail -n 3 | sed 's/^/# /'
	fi
	rmmod mt_luanames || not_ok "rmmod mt_luanames"
else
	not_ok "insmod mt_luanames.ko (the stand-in)"
fi

# ... and the other order: moontide loaded, then the stand-in.
if insmod "$ko"; then
	insmod "$names_ko" && ok "a module exporting Lua's names loads while moontide.ko is loaded" ||
		{ not_ok "the stand-in does not load beside moontide.ko"; dmesg | tail -n 3 | sed 's/^/# /'; }
	"$here/mtctl" eval - 'return 6 * 7' | grep -q '"results":\["42"\]' &&
		ok "moontide evaluates beside it" || not_ok "eval beside the stand-in"
	grep -q '^mt_luanames ' /proc/modules && { rmmod mt_luanames || not_ok "rmmod mt_luanames"; }
	rmmod moontide || not_ok "rmmod moontide"
else
	not_ok "insmod moontide.ko (second order)"
fi
tap_done
