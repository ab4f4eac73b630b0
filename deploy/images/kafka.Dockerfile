# A stand-in for apache/kafka, built where the public registries are out of reach (bin/images): Debian
# 12's Java 17 and the very jars local runs use (deploy/kafka/pom.xml, copied by bin/images into
# kafka-libs/), with the /opt/kafka/bin scripts compose calls, as user 1000 like the official image.
ARG DEBIAN_IMAGE=passerelle-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1000 --home-dir /home/appuser --create-home appuser \
 && mkdir -p /var/lib/kafka/data /opt/kafka/bin /opt/kafka/config \
 && chown appuser /var/lib/kafka/data
COPY kafka-libs/ /opt/kafka/libs/
COPY kafka-log4j2.properties /opt/kafka/config/log4j2.properties
COPY kafka-command.sh /opt/kafka/bin/kafka-command.sh
RUN for name in kafka-server-start kafka-storage kafka-broker-api-versions kafka-topics kafka-acls; do \
      ln -s kafka-command.sh "/opt/kafka/bin/$name.sh"; \
    done
USER 1000
EXPOSE 9092
CMD ["/opt/kafka/bin/kafka-server-start.sh", "/opt/kafka/config/server.properties"]
