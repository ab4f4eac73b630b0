#!/bin/sh
# Compose's broker: formats its log once (--ignore-formatted) with the admin principal's SCRAM
# credentials, which it needs before anything else (it signs in to itself as the admin) and which
# the image's own entrypoint cannot add, then starts. Settings: server.properties beside this file;
# secrets: /etc/kafka/secrets, made by bin/compose-secrets (deploy/compose/secrets/README.md).
set -eu
secrets=/etc/kafka/secrets
for file in ca.pem broker.p12 credentials.properties admin.password cluster.id; do
  if [ ! -r "$secrets/$file" ]; then
    echo "$secrets/$file is missing: run bin/compose-secrets on the host" >&2
    exit 1
  fi
done
umask 077  # the assembled file holds the passwords
cat /opt/passerelle/kafka/server.properties "$secrets/credentials.properties" > /tmp/server.properties
# On the host's network (compose.host.yaml): the addresses to bind and to advertise instead.
[ -z "${KAFKA_LISTENERS:-}" ] || echo "listeners=$KAFKA_LISTENERS" >> /tmp/server.properties
[ -z "${KAFKA_ADVERTISED_LISTENERS:-}" ] || echo "advertised.listeners=$KAFKA_ADVERTISED_LISTENERS" >> /tmp/server.properties
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --config /tmp/server.properties \
  "--cluster-id=$(cat "$secrets/cluster.id")" \
  "--add-scram=SCRAM-SHA-512=[name=passerelle-admin,password=$(cat "$secrets/admin.password")]"
exec /opt/kafka/bin/kafka-server-start.sh /tmp/server.properties
