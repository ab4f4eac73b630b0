#!/bin/sh
# /opt/kafka/bin/<tool>.sh of the Kafka stand-in: the scripts of Apache Kafka's distribution that compose
# calls, each running its class from the jars in /opt/kafka/libs (the same ones as local runs).
set -eu
case "$(basename "$0")" in
  kafka-server-start.sh) main=kafka.Kafka ;;
  kafka-storage.sh) main=kafka.tools.StorageTool ;;
  kafka-broker-api-versions.sh) main=org.apache.kafka.tools.BrokerApiVersionsCommand ;;
  kafka-topics.sh) main=org.apache.kafka.tools.TopicCommand ;;
  kafka-acls.sh) main=org.apache.kafka.tools.AclCommand ;;
  *) echo "$0: not a tool of this image" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086  # KAFKA_HEAP_OPTS holds several options
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp '/opt/kafka/libs/*' "$main" "$@"
