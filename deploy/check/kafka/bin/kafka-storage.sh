#!/bin/bash
# as Kafka's own kafka-storage.sh
exec /opt/kafka/bin/kafka-run-class.sh kafka.tools.StorageTool "$@"
