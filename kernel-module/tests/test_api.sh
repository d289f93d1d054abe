#!/usr/bin/env bash
# The C API, used by another module (tests/api/moontide_api_test.ko).
# Runs in the lab with moontide.ko loaded.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ko=${MOONTIDE_API_TEST_KO:-$here/../../build/kernel-api-test/moontide_api_test.ko}
. "$here/../../lab/tap.sh"

insmod "$ko" || { not_ok "insmod moontide_api_test.ko"; exit 1; }
dmesg | grep 'moontide_api_test: ' | sed 's/^\[[^]]*\] moontide_api_test: /# api: /'
dmesg | grep -q 'moontide_api_test: all passed' && ok "the C API checks pass in the module" ||
	not_ok "the C API checks in the module failed"
"$here/mtctl" list | grep -q '"name":"api-test"' && ok "a runtime created through the API is listed" ||
	not_ok "api-test is not listed"
[ "$("$here/mtctl" eval api-test 'return held:get()')" = '{"ok":true,"results":["0"]}' ] &&
	ok "eval reaches the API's runtime and its object" || not_ok "eval api-test"
rmmod moontide 2>/dev/null && not_ok "moontide unloaded while another module uses it" ||
	ok "moontide cannot be unloaded while a module uses its API"
rmmod moontide_api_test 2>/dev/null && not_ok "the class's module unloaded while its object lives" ||
	ok "a class's module cannot be unloaded while one of its objects lives"
"$here/mtctl" stop api-test >/dev/null && ok "stop api-test releases the object" || not_ok "stop api-test"
rmmod moontide_api_test && ok "then the module unloads" || not_ok "rmmod moontide_api_test"
tap_done
