#!/bin/bash
# The replica's entrypoint: a base backup of the primary the first time (its data volume
# empty), then Postgres as a hot standby. PGPASSWORD is the replicator's password.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  # The slot keeps the WAL this replica has not received, also across its restarts.
  until psql --host=postgres --username=replicator --dbname=postgres --quiet --command \
      "SELECT pg_create_physical_replication_slot('psar_replica') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'psar_replica')" \
    && pg_basebackup --host=postgres --username=replicator --pgdata="$PGDATA" \
      --wal-method=stream --write-recovery-conf --slot=psar_replica --progress; do
    echo "waiting for the primary to accept a base backup"
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
fi
exec postgres -c hot_standby=on
