#!/bin/bash
# as Kafka's own kafka-console-producer.sh
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.ConsoleProducer "$@"
