#!/bin/sh
# PostgreSQL's image runs this once, on an empty data directory. Two login roles:
#   registry      owns the database and its schema; only `migrate` uses it (MIGRATION_DATABASE_URL)
#   registry_app  what web and worker connect as (DATABASE_URL); no DDL: migrate's privilege step
#                 grants it the data privileges it needs on what the migrations create
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$OWNER_DB_PASSWORD" -v app_pw="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE registry LOGIN PASSWORD :'owner_pw';
CREATE ROLE registry_app LOGIN PASSWORD :'app_pw';
-- migrate hands pg-boss's schema to the app role (ALTER … OWNER), which needs the owner to be able to act as it.
GRANT registry_app TO registry WITH INHERIT FALSE, SET TRUE;
CREATE DATABASE registry OWNER registry;
REVOKE ALL ON DATABASE registry FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE registry TO registry_app;
\connect registry
-- The owner, not PUBLIC, decides who may create in the schema (PostgreSQL 15+ already revokes CREATE).
ALTER SCHEMA public OWNER TO registry;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO registry_app;
SQL
