#!/bin/sh
# The reconciler end to end against the real module, in the lab:
#   reconciler/daemon/src/test/lab/reconcile-e2e.sh
# Builds what it needs on the host, then boots the lab and runs E2e.java in the guest.
set -eu
cd "$(dirname "$0")/../../../../.."
make -s luak module
mvn -B -q install -DskipTests -pl reconciler/core -am
cp=build/e2e.classpath
(cd reconciler/core && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$PWD/../../$cp" >/dev/null)
exec lab/run --timeout 1800 -- sh -c "insmod build/kernel/moontide.ko && \
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \"\$(cat $cp):reconciler/core/target/classes:reconciler/core/target/test-classes\" reconciler/daemon/src/test/lab/E2e.java; \
  rc=\$?; rmmod moontide; exit \$rc"
