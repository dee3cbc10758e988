namespace Drydock.Server.Storage;

/// <summary>One schema step: applied once, in version order, never edited after release (add a new step instead).</summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql);

/// <summary>The schema's history (docs/server.md "State"). Append only.</summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "initial", """
            -- An image's inventory, once per manifest digest: every later database version re-uses it.
            CREATE TABLE images (
                digest text PRIMARY KEY,
                repository text NOT NULL,
                os text,
                package_count int NOT NULL,
                inventory jsonb NOT NULL,
                first_seen timestamptz NOT NULL DEFAULT now(),
                last_seen timestamptz NOT NULL DEFAULT now());
            -- One scan result per digest and vulnerability database version (what makes processing idempotent).
            CREATE TABLE scan_results (
                digest text NOT NULL REFERENCES images (digest) ON DELETE CASCADE,
                db_version text NOT NULL,
                scanned_at timestamptz NOT NULL DEFAULT now(),
                report_json bytea NOT NULL,
                report_sarif bytea NOT NULL,
                report_cyclonedx bytea NOT NULL,
                report_spdx bytea NOT NULL,
                PRIMARY KEY (digest, db_version));
            CREATE TABLE findings (
                digest text NOT NULL,
                db_version text NOT NULL,
                vulnerability_id text NOT NULL,
                package_name text NOT NULL,
                installed_version text NOT NULL,
                fixed_version text,
                severity text NOT NULL,
                status text NOT NULL,
                purl text NOT NULL,
                description text,
                links text[] NOT NULL,
                FOREIGN KEY (digest, db_version) REFERENCES scan_results (digest, db_version) ON DELETE CASCADE);
            CREATE INDEX findings_by_result ON findings (digest, db_version);
            CREATE INDEX findings_by_vulnerability ON findings (vulnerability_id);
            CREATE TABLE control_verdicts (
                digest text NOT NULL,
                db_version text NOT NULL,
                control_id text NOT NULL,
                outcome text NOT NULL,
                summary text NOT NULL,
                PRIMARY KEY (digest, db_version, control_id),
                FOREIGN KEY (digest, db_version) REFERENCES scan_results (digest, db_version) ON DELETE CASCADE);
            -- Hosts and their containers, as the last agent audit said.
            CREATE TABLE hosts (
                name text PRIMARY KEY,
                last_audit_at timestamptz NOT NULL,
                audit jsonb NOT NULL);
            CREATE TABLE containers (
                host text NOT NULL REFERENCES hosts (name) ON DELETE CASCADE,
                container_id text NOT NULL,
                name text NOT NULL,
                image text NOT NULL,
                image_id text NOT NULL,
                image_digest text,
                stale boolean,
                running boolean NOT NULL,
                PRIMARY KEY (host, container_id));
            CREATE INDEX containers_by_digest ON containers (image_digest);
            -- The work queue: claimed with FOR UPDATE SKIP LOCKED, leased, renewed by heartbeats.
            CREATE TABLE jobs (
                id bigserial PRIMARY KEY,
                kind text NOT NULL,
                reference text NOT NULL,
                -- What the requester said about the image beyond the reference (Harbor's artifact: tag, mime type); never credentials.
                details jsonb,
                state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
                attempts int NOT NULL DEFAULT 0,
                lease_owner text,
                lease_until timestamptz,
                pinned_to text,
                created_at timestamptz NOT NULL DEFAULT now(),
                started_at timestamptz,
                finished_at timestamptz,
                error text,
                result_digest text,
                db_version text);
            CREATE INDEX jobs_open ON jobs (id) WHERE state IN ('queued', 'running');
            CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'failed');
            CREATE TABLE job_attempts (
                job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                attempt int NOT NULL,
                worker text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (job_id, attempt));
            -- API tokens: only the SHA-256 of the token is kept.
            CREATE TABLE tokens (
                id bigserial PRIMARY KEY,
                name text NOT NULL,
                hash bytea NOT NULL UNIQUE,
                scopes text[] NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                revoked_at timestamptz);
            CREATE TABLE webhooks (
                id bigserial PRIMARY KEY,
                url text NOT NULL UNIQUE,
                secret text,
                created_at timestamptz NOT NULL DEFAULT now());
            """),
        // Steps 100 and up: re-match and webhooks (issue 16 item 3).
        new(100, "rematch-and-webhooks", """
            -- What the matchers need of an inventory (os, packages without file lists), so a new database re-matches it without the image.
            ALTER TABLE images ADD COLUMN match_inventory jsonb;
            -- A re-matched result has findings and verdicts but no rendered reports (a scan of that digest and version renders them).
            ALTER TABLE scan_results ALTER COLUMN report_json DROP NOT NULL, ALTER COLUMN report_sarif DROP NOT NULL,
                ALTER COLUMN report_cyclonedx DROP NOT NULL, ALTER COLUMN report_spdx DROP NOT NULL;
            -- One re-match per vulnerability database version, split into batches of digests that workers lease.
            CREATE TABLE rematch_runs (
                db_version text PRIMARY KEY,
                created_at timestamptz NOT NULL DEFAULT now(),
                batches int NOT NULL,
                digests int NOT NULL,
                finished_at timestamptz);
            CREATE TABLE rematch_batches (
                id bigserial PRIMARY KEY,
                db_version text NOT NULL REFERENCES rematch_runs (db_version) ON DELETE CASCADE,
                digests text[] NOT NULL,
                state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done')),
                attempts int NOT NULL DEFAULT 0,
                lease_owner text,
                lease_until timestamptz,
                finished_at timestamptz);
            CREATE INDEX rematch_batches_open ON rematch_batches (id) WHERE state <> 'done';
            -- A vulnerability new to a digest: once per (digest, vulnerability), whichever database version brought it.
            CREATE TABLE notifications (
                id bigserial PRIMARY KEY,
                digest text NOT NULL,
                vulnerability_id text NOT NULL,
                db_version text NOT NULL,
                repository text NOT NULL,
                severity text NOT NULL,
                package_name text NOT NULL,
                installed_version text NOT NULL,
                fixed_version text,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (digest, vulnerability_id));
            CREATE INDEX notifications_by_version ON notifications (db_version);
            -- Subscriber filters: empty = everything.
            ALTER TABLE webhooks ADD COLUMN severities text[] NOT NULL DEFAULT '{}',
                ADD COLUMN repositories text[] NOT NULL DEFAULT '{}',
                ADD COLUMN hosts text[] NOT NULL DEFAULT '{}';
            -- One POST per subscriber, database version and part; retried with backoff until delivered or out of attempts.
            CREATE TABLE webhook_deliveries (
                id bigserial PRIMARY KEY,
                webhook_id bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
                db_version text NOT NULL,
                part int NOT NULL,
                idempotency_key text NOT NULL UNIQUE,
                body bytea NOT NULL,
                notifications int NOT NULL,
                state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
                attempts int NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                lease_owner text,
                lease_until timestamptz,
                last_status int,
                last_error text,
                created_at timestamptz NOT NULL DEFAULT now(),
                delivered_at timestamptz,
                UNIQUE (webhook_id, db_version, part));
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
            """),
        new(200, "history", """
            -- Freshness as each agent audit saw it, one row per container per audit (docs/server.md "History").
            CREATE TABLE freshness_history (
                id bigserial PRIMARY KEY,
                host text NOT NULL,
                container text NOT NULL,
                image text NOT NULL,
                image_digest text,
                latest_digest text,
                stale boolean,
                age_days int,
                observed_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX freshness_history_by_host ON freshness_history (host, observed_at DESC);
            -- Every container outcome of the host update and host rollback runs agents post; a rollback is outcome 'rolledback'.
            CREATE TABLE update_history (
                id bigserial PRIMARY KEY,
                host text NOT NULL,
                container text NOT NULL,
                outcome text NOT NULL,
                from_image text,
                to_image text,
                health text,
                message text NOT NULL,
                run_started_at timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX update_history_by_host ON update_history (host, run_started_at DESC, id DESC);
            """),
        new(216, "rematch-diff", """
            -- The database version a run was diffed against and the (namespace, package) keys that changed (parallel arrays);
            -- NULL: no diff, every package is matched again.
            ALTER TABLE rematch_runs ADD COLUMN base_version text, ADD COLUMN changed_namespaces text[], ADD COLUMN changed_packages text[];
            """),
        new(219, "notifications-keyset", """
            -- The delivery planner reads a run's notifications part by part in (digest, vulnerability_id) order: one index
            -- range per part instead of a scan and sort of the whole version per part (quadratic in the parts).
            CREATE INDEX notifications_by_version_key ON notifications (db_version, digest, vulnerability_id);
            DROP INDEX notifications_by_version;
            """),
    ];
}
