#!/usr/bin/env bash
# The runner against a real Kafka Connect distributed worker, side by side on one broker.
#
#   bench/run-connect.sh throughput|isolation|startup|all [-Dbench.records=500000 ...]
#
# Builds the runner's fast-jar (the pod image's jar) and this module, then runs
# io.confluent.csid.kafka.connect.k8s.bench.connect.BenchMain, which prints Markdown tables.
# Options (Java system properties): bench.records (500000), bench.record-size (100 bytes),
# bench.runs (3), bench.isolation-seconds (60), bench.isolation-rate (2000 records/s),
# bench.jvm-flags ("-Xmx512m", given to both the runner and the peer). BENCH_SKIP_BUILD=1 reuses
# the last build (the peer JVM gets the module jar, not target/classes: a CDS archive cannot
# hold classes from a directory). Work files and every process log: bench/connect/target/bench-work/.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
shift || true
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -o -pl runner,bench/connect -am package -DskipTests -Dspotless.check.skip=true
fi
work="bench/connect/target/bench-work/$which-$(date -u +%Y%m%dT%H%M%SZ)"
cp="bench/connect/target/connect-k8s-bench-connect-0.1-SNAPSHOT.jar:$(cat bench/connect/target/classpath.txt)"
exec java -Xmx512m \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.repo="$PWD" -Dbench.work="$PWD/$work" "$@" \
  -cp "$cp" io.confluent.csid.kafka.connect.k8s.bench.connect.BenchMain "$which"
