#!/bin/sh
# moontide-daemon end to end in the lab, against the real module:
#   reconciler/daemon/src/test/lab/daemon-e2e.sh
set -eu
cd "$(dirname "$0")/../../../../.."
make -s luak module
mvn -B -q package -DskipTests -pl reconciler/daemon -am
exec lab/run --timeout 1800 -- reconciler/daemon/src/test/lab/daemon-guest.sh
