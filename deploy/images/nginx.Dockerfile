# A stand-in for nginxinc/nginx-unprivileged, built from Debian where the public registries are out of
# reach (bin/images): Debian 12's nginx as the user 101, and an entrypoint that renders
# /etc/nginx/templates/*.template with the container's environment, as the official image's does.
ARG DEBIAN_IMAGE=passerelle-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx-light gettext-base wget \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 101 nginx \
 && useradd --system --uid 101 --gid nginx --no-create-home --home-dir /nonexistent nginx \
 && mkdir -p /etc/nginx/templates \
 && chown -R 101:0 /etc/nginx /var/lib/nginx /var/log/nginx \
 && chmod -R g+w /etc/nginx
COPY nginx-entrypoint.sh /docker-entrypoint.sh
USER 101
EXPOSE 8080
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
