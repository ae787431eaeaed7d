#!/bin/bash
# Runs once, in the official image's first start (docker-entrypoint-initdb.d): a role that may
# stream the WAL, and the pg_hba line that lets it in from the compose network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
# wal_level is replica by default in Postgres 17; max_wal_senders 10.
