#!/usr/bin/env bash
# Back up the catalogue's PostgreSQL database with pg_dump, restore it into a scratch
# database, and check that every table came back with the same number of rows.
#
#   DATABASE_URL=postgres://user@host:5432/vvcp scripts/backup_restore_check.sh [backup-file]
#
# Keeps the backup file (default: backups/vvcp-<timestamp>.dump) and drops the scratch copy.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac

backup_file=${1:-backups/vvcp-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$backup_file")"
server_url=${DATABASE_URL%/*}
scratch_db="vvcp_restore_check_$$"
scratch_url="$server_url/$scratch_db"

cleanup() { psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $scratch_db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

row_counts() {
  psql -qAt "$1" -c "
    SELECT format('%s %s', table_name,
                  (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text)
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name"
}

echo "[1/4] Backing up to $backup_file"
pg_dump --format=custom --no-owner --file="$backup_file" "$DATABASE_URL"
echo "      $(du -h "$backup_file" | cut -f1) written"

echo "[2/4] Restoring into scratch database $scratch_db"
psql -q "$server_url/postgres" -c "CREATE DATABASE $scratch_db"
pg_restore --no-owner --exit-on-error --dbname="$scratch_url" "$backup_file"

echo "[3/4] Comparing row counts table by table"
original=$(row_counts "$DATABASE_URL")
restored=$(row_counts "$scratch_url")
if [ "$original" != "$restored" ]; then
  echo "Restore check FAILED: row counts differ" >&2
  diff <(echo "$original") <(echo "$restored") >&2 || true
  exit 1
fi
tables=$(echo "$original" | wc -l)
entries=$(echo "$original" | awk '$1 == "interventions_intervention" {print $2}')
echo "      $tables tables match ($entries interventions)"

echo "[4/4] Restore check passed; backup kept at $backup_file"
