#!/usr/bin/env sh
# Local mode: runs a KafkaConnector YAML (connector and tasks) in one process, on an embedded
# Kafka broker unless --worker names a bootstrap.servers. Builds the local module on first use.
#   ./run-local.sh deploy/examples/file-source.yaml [--max-records N] [--duration S] [--worker F]
set -eu
cd "$(dirname "$0")"
JAR=local/target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ]; then
  echo "Building connect-k8s-local (first run only)..." >&2
  ./mvnw -q -B -pl local -am install -DskipTests >&2
fi
exec java ${JAVA_OPTS:-} -jar "$JAR" run "$@"
