# A stand-in for python:3.11-slim, built from Debian where the public registries are out of reach
# (bin/images): Debian 12's Python 3.11 with pip, as the official image has them.
ARG DEBIAN_IMAGE=passerelle-standin/debian:bookworm
FROM ${DEBIAN_IMAGE}
# The certificate authorities the building machine trusts beyond Debian's (bin/images copies them here):
# where the registries are reached through a proxy of one's own, pip and uv must trust it too.
COPY ca-certificates/ /usr/local/share/ca-certificates/
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv ca-certificates \
 && update-ca-certificates \
 && rm -rf /var/lib/apt/lists/* /usr/lib/python3.11/EXTERNALLY-MANAGED \
 && ln -s /usr/bin/python3 /usr/local/bin/python
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
