#!/usr/bin/env bash
# run-operator.sh - the operator under load on the e2e bed's real control plane (issue 7, item 4).
#
# Usage: bench/run-operator.sh [count] [--no-delete] [KEY=VALUE ...]
#   count        KafkaConnectors created at once, updated, then deleted (default 200)
#   --no-delete  skip the delete phase (the controller-manager's garbage collection: minutes)
#   KEY=VALUE    added to the operator's environment, e.g.
#                QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS=10
# Environment:
#   BENCH_SKIP_BUILD=1  reuse operator/target/quarkus-app and bench/operator/target as they are
#   BENCH_OPERATOR_JAR  another operator build to measure (e.g. a copy of main's quarkus-app)
#
# Builds the operator's production jar and the bench (never `install`), starts etcd,
# kube-apiserver and kube-controller-manager from the cached binaries (~/.cache/connect-k8s; built
# by e2e/bed/build-control-plane.sh when missing) and prints the figures. No kubelet: pods stay
# Pending. Logs of the control plane and the operator stay in bench/operator/target/bench-work/.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -o -pl operator package -DskipTests
  ./mvnw -B -q -o -pl bench/operator -am package -DskipTests -Pbench
fi

exec java -Xmx512m -XX:+UseSerialGC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -De2e.repo.root="$PWD" \
  ${BENCH_OPERATOR_JAR:+-Dbench.operator.jar="$BENCH_OPERATOR_JAR"} \
  -cp "bench/operator/target/classes:bench/operator/target/lib/*" \
  io.confluent.csid.kafka.connect.k8s.bench.operator.OperatorBench "$@"
