#!/bin/sh
# What the official nginx image's entrypoint does with templates: each /etc/nginx/templates/X.template is
# rendered with the variables of the environment (only those: nginx's own $variables stay) into
# ${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}/X.
set -eu
if [ "${1:-}" = nginx ]; then
  defined=$(printf '${%s} ' $(env | cut -d= -f1))
  output="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
  for template in /etc/nginx/templates/*.template; do
    [ -e "$template" ] || continue
    name=$(basename "$template" .template)
    envsubst "$defined" < "$template" > "$output/$name"
  done
fi
exec "$@"
