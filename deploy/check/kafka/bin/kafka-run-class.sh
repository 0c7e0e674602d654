#!/bin/bash
# kafka-run-class.sh CLASS [ARGS]: a Kafka main class on Kafka's jars, with the usual KAFKA_* JVM options
set -euo pipefail
main=$1; shift
# shellcheck disable=SC2086 # lists of options
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true} \
  ${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties} ${KAFKA_OPTS:-} \
  -cp '/opt/kafka/libs/*' "$main" "$@"
