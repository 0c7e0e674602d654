#!/bin/bash
# as Kafka's own kafka-broker-api-versions.sh
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
