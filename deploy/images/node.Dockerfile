# A stand-in for node:20-slim, built from Debian where the public registries are out of reach
# (bin/images): Debian 12's Node.js and npm, enough for `npm ci` of the pages' assets.
ARG DEBIAN_IMAGE=passerelle-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
# The certificate authorities the building machine trusts beyond Debian's (bin/images copies them here):
# where the registries are reached through a proxy of one's own, npm must trust it too.
COPY ca-certificates/ /usr/local/share/ca-certificates/
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && update-ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
