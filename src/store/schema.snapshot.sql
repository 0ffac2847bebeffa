-- The schema the migrations build, as the database describes it (src/store/describe.ts).
-- Generated: `npm run db:check -- --update`. Checked in CI by `npm run db:check`. Do not edit.

CREATE TABLE api_tokens (
  id integer GENERATED ALWAYS AS IDENTITY NOT NULL,
  user_id integer NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_used_at timestamp with time zone
);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

CREATE TABLE audit (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  at timestamp with time zone DEFAULT now() NOT NULL,
  referral_id text,
  crm_system text,
  crm_record_id text,
  direction text NOT NULL,
  action text NOT NULL,
  reason_code text,
  field_diff jsonb,
  run_id bigint,
  correlation_id text,
  mapping_version integer
);
ALTER TABLE audit ADD CONSTRAINT audit_action_check CHECK ((action = ANY (ARRAY['received'::text, 'created'::text, 'updated'::text, 'skipped'::text, 'failed'::text, 'deferred'::text])));
ALTER TABLE audit ADD CONSTRAINT audit_crm_system_check CHECK ((crm_system = ANY (ARRAY['salesforce'::text, 'dynamics'::text])));
ALTER TABLE audit ADD CONSTRAINT audit_direction_check CHECK ((direction = ANY (ARRAY['pc-to-crm'::text, 'crm-to-pc'::text, 'none'::text])));
ALTER TABLE audit ADD CONSTRAINT audit_pkey PRIMARY KEY (id);
ALTER TABLE audit ADD CONSTRAINT audit_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE SET NULL;
CREATE INDEX audit_at_idx ON audit USING btree (at);
CREATE INDEX audit_crm_record_idx ON audit USING btree (crm_record_id, at);
CREATE INDEX audit_referral_idx ON audit USING btree (referral_id, at);
CREATE INDEX audit_run_idx ON audit USING btree (run_id);

CREATE TABLE budget_counters (
  system text NOT NULL,
  account text NOT NULL,
  day date NOT NULL,
  calls integer DEFAULT 0 NOT NULL
);
ALTER TABLE budget_counters ADD CONSTRAINT budget_counters_calls_check CHECK ((calls >= 0));
ALTER TABLE budget_counters ADD CONSTRAINT budget_counters_pkey PRIMARY KEY (system, account, day);

CREATE TABLE connections (
  id integer GENERATED ALWAYS AS IDENTITY NOT NULL,
  system text NOT NULL,
  account_id text NOT NULL,
  identity text,
  scopes text[] DEFAULT '{}'::text[] NOT NULL,
  secret_ciphertext bytea NOT NULL,
  access_token_expires_at timestamp with time zone,
  refresh_token_expires_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE connections ADD CONSTRAINT connections_pkey PRIMARY KEY (id);
ALTER TABLE connections ADD CONSTRAINT connections_system_check CHECK ((system = ANY (ARRAY['partner-center'::text, 'salesforce'::text, 'dynamics'::text])));
ALTER TABLE connections ADD CONSTRAINT connections_system_key UNIQUE (system);

CREATE TABLE cosell_migrations (
  name text NOT NULL,
  hash text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE cosell_migrations ADD CONSTRAINT cosell_migrations_pkey PRIMARY KEY (name);

CREATE TABLE cursors (
  name text NOT NULL,
  value text NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE cursors ADD CONSTRAINT cursors_pkey PRIMARY KEY (name);

CREATE TABLE flows (
  name text NOT NULL,
  enabled boolean NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE flows ADD CONSTRAINT flows_pkey PRIMARY KEY (name);

CREATE TABLE inbox (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  source text NOT NULL,
  event_name text NOT NULL,
  resource_id text NOT NULL,
  resource_change_date timestamp with time zone NOT NULL,
  dedupe_key text NOT NULL,
  payload jsonb NOT NULL,
  correlation_id text,
  received_at timestamp with time zone DEFAULT now() NOT NULL,
  processed_at timestamp with time zone,
  status text DEFAULT 'pending'::text NOT NULL
);
ALTER TABLE inbox ADD CONSTRAINT inbox_dedupe_key_key UNIQUE (dedupe_key);
ALTER TABLE inbox ADD CONSTRAINT inbox_pkey PRIMARY KEY (id);
ALTER TABLE inbox ADD CONSTRAINT inbox_source_check CHECK ((source = ANY (ARRAY['partner-center'::text, 'salesforce'::text, 'dynamics'::text])));
ALTER TABLE inbox ADD CONSTRAINT inbox_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processed'::text, 'ignored'::text, 'failed'::text, 'stale'::text])));
CREATE INDEX inbox_pending_idx ON inbox USING btree (id) WHERE (status = 'pending'::text);
CREATE INDEX inbox_resource_idx ON inbox USING btree (resource_id, resource_change_date);

CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  kind text NOT NULL,
  lane_key text NOT NULL,
  payload jsonb DEFAULT '{}'::jsonb NOT NULL,
  status text DEFAULT 'queued'::text NOT NULL,
  run_at timestamp with time zone DEFAULT now() NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  max_attempts integer DEFAULT 5 NOT NULL,
  locked_by text,
  lease_expires_at timestamp with time zone,
  last_error jsonb,
  idempotency_key text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  coalescing boolean DEFAULT false NOT NULL,
  trigger text,
  correlation_id text,
  interruptions integer DEFAULT 0 NOT NULL
);
ALTER TABLE jobs ADD CONSTRAINT jobs_attempts_check CHECK (((attempts >= 0) AND (max_attempts >= 1)));
ALTER TABLE jobs ADD CONSTRAINT jobs_idempotency_key_key UNIQUE (idempotency_key);
ALTER TABLE jobs ADD CONSTRAINT jobs_lease_check CHECK (((status <> 'running'::text) OR (lease_expires_at IS NOT NULL)));
ALTER TABLE jobs ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text, 'failed'::text, 'deferred'::text])));
ALTER TABLE jobs ADD CONSTRAINT jobs_trigger_check CHECK ((trigger = ANY (ARRAY['webhook'::text, 'change-feed'::text, 'reconciliation'::text, 'manual'::text, 'resubmit'::text, 'backfill'::text])));
CREATE UNIQUE INDEX jobs_coalesce_key ON jobs USING btree (kind, lane_key) WHERE ((status = ANY (ARRAY['queued'::text, 'deferred'::text])) AND coalescing);
CREATE INDEX jobs_correlation_idx ON jobs USING btree (correlation_id);
CREATE INDEX jobs_running_lane_idx ON jobs USING btree (lane_key, lease_expires_at) WHERE (status = 'running'::text);
CREATE INDEX jobs_running_lease_idx ON jobs USING btree (lease_expires_at) WHERE (status = 'running'::text);
CREATE INDEX jobs_waiting_lane_idx ON jobs USING btree (lane_key, run_at, id) WHERE (status = ANY (ARRAY['queued'::text, 'deferred'::text]));

CREATE TABLE links (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  referral_id text NOT NULL,
  crm_system text NOT NULL,
  crm_record_id text NOT NULL,
  pc_state_hash text,
  pc_etag text,
  pc_synced_at timestamp with time zone,
  crm_state_hash text,
  crm_etag text,
  crm_synced_at timestamp with time zone,
  mapping_version integer NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  pc_snapshot jsonb,
  crm_snapshot jsonb,
  pc_seen_change_at timestamp with time zone
);
ALTER TABLE links ADD CONSTRAINT links_crm_record_key UNIQUE (crm_system, crm_record_id);
ALTER TABLE links ADD CONSTRAINT links_crm_system_check CHECK ((crm_system = ANY (ARRAY['salesforce'::text, 'dynamics'::text])));
ALTER TABLE links ADD CONSTRAINT links_pkey PRIMARY KEY (id);
ALTER TABLE links ADD CONSTRAINT links_referral_id_key UNIQUE (referral_id);

CREATE TABLE plan_items (
  plan_id text NOT NULL,
  seq integer NOT NULL,
  action text NOT NULL,
  referral_id text,
  crm_record_id text,
  detail jsonb NOT NULL,
  accepted boolean DEFAULT false NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  outcome jsonb,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE plan_items ADD CONSTRAINT plan_items_action_check CHECK ((action = ANY (ARRAY['link'::text, 'propose'::text, 'create-in-crm'::text, 'create-in-pc'::text, 'skip'::text, 'flag'::text])));
ALTER TABLE plan_items ADD CONSTRAINT plan_items_plan_fk FOREIGN KEY (plan_id) REFERENCES plans(id) ON DELETE CASCADE;
ALTER TABLE plan_items ADD CONSTRAINT plan_items_plan_id_seq_pk PRIMARY KEY (plan_id, seq);
ALTER TABLE plan_items ADD CONSTRAINT plan_items_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'started'::text, 'done'::text, 'failed'::text, 'deferred'::text])));
CREATE INDEX plan_items_work_idx ON plan_items USING btree (plan_id, status, seq);

CREATE TABLE plans (
  id text NOT NULL,
  crm_system text NOT NULL,
  status text DEFAULT 'ready'::text NOT NULL,
  checksum text NOT NULL,
  summary jsonb NOT NULL,
  runner text,
  runner_lease_until timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE plans ADD CONSTRAINT plans_crm_system_check CHECK ((crm_system = ANY (ARRAY['salesforce'::text, 'dynamics'::text])));
ALTER TABLE plans ADD CONSTRAINT plans_pkey PRIMARY KEY (id);
ALTER TABLE plans ADD CONSTRAINT plans_status_check CHECK ((status = ANY (ARRAY['ready'::text, 'applying'::text, 'finished'::text, 'superseded'::text])));

CREATE TABLE record_index (
  key text NOT NULL,
  referral_id text,
  crm_system text,
  crm_record_id text,
  name text,
  status text,
  direction text NOT NULL,
  outcome text NOT NULL,
  reason_code text,
  run_id bigint,
  updated_at timestamp with time zone NOT NULL
);
ALTER TABLE record_index ADD CONSTRAINT record_index_pkey PRIMARY KEY (key);
CREATE INDEX record_index_crm_idx ON record_index USING btree (crm_record_id);
CREATE INDEX record_index_outcome_idx ON record_index USING btree (outcome, updated_at, key);
CREATE INDEX record_index_updated_idx ON record_index USING btree (updated_at, key);

CREATE TABLE run_steps (
  run_id bigint NOT NULL,
  seq integer NOT NULL,
  name text NOT NULL,
  status text NOT NULL,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  api_calls integer DEFAULT 0 NOT NULL,
  detail jsonb,
  error jsonb,
  calls_by_system jsonb
);
ALTER TABLE run_steps ADD CONSTRAINT run_steps_pkey PRIMARY KEY (run_id, seq);
ALTER TABLE run_steps ADD CONSTRAINT run_steps_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs(id) ON DELETE CASCADE;
ALTER TABLE run_steps ADD CONSTRAINT run_steps_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'skipped'::text, 'deferred'::text])));

CREATE TABLE runs (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  flow text NOT NULL,
  trigger text NOT NULL,
  subject text,
  status text DEFAULT 'running'::text NOT NULL,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  api_calls integer DEFAULT 0 NOT NULL,
  error jsonb,
  correlation_id text,
  calls_by_system jsonb,
  job_id bigint,
  job_kind text,
  job_lane_key text,
  job_payload jsonb
);
ALTER TABLE runs ADD CONSTRAINT runs_pkey PRIMARY KEY (id);
ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'skipped'::text, 'deferred'::text])));
ALTER TABLE runs ADD CONSTRAINT runs_trigger_check CHECK ((trigger = ANY (ARRAY['webhook'::text, 'change-feed'::text, 'reconciliation'::text, 'manual'::text, 'resubmit'::text, 'backfill'::text])));
CREATE INDEX runs_failed_idx ON runs USING btree (started_at) WHERE (status = 'failed'::text);
CREATE INDEX runs_flow_idx ON runs USING btree (flow, started_at);
CREATE INDEX runs_started_idx ON runs USING btree (started_at);
CREATE INDEX runs_subject_idx ON runs USING btree (subject);

CREATE TABLE sessions (
  token_hash text NOT NULL,
  user_id integer NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  expires_at timestamp with time zone NOT NULL
);
ALTER TABLE sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY (token_hash);
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
CREATE INDEX sessions_expires_idx ON sessions USING btree (expires_at);

CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY NOT NULL,
  username text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'operator'::text, 'viewer'::text])));
ALTER TABLE users ADD CONSTRAINT users_username_key UNIQUE (username);
