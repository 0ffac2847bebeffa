CREATE TABLE "audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"referral_id" text,
	"crm_system" text,
	"crm_record_id" text,
	"direction" text NOT NULL,
	"action" text NOT NULL,
	"reason_code" text,
	"field_diff" jsonb,
	"run_id" bigint,
	"correlation_id" text,
	"mapping_version" integer,
	CONSTRAINT "audit_direction_check" CHECK ("direction" IN ('pc-to-crm', 'crm-to-pc', 'none')),
	CONSTRAINT "audit_action_check" CHECK ("action" IN ('received', 'created', 'updated', 'skipped', 'failed', 'deferred')),
	CONSTRAINT "audit_crm_system_check" CHECK ("crm_system" IN ('salesforce', 'dynamics'))
);
--> statement-breakpoint
CREATE TABLE "budget_counters" (
	"system" text NOT NULL,
	"account" text NOT NULL,
	"day" date NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "budget_counters_pkey" PRIMARY KEY("system","account","day"),
	CONSTRAINT "budget_counters_calls_check" CHECK ("calls" >= 0)
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "connections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"system" text NOT NULL,
	"account_id" text NOT NULL,
	"identity" text,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"secret_ciphertext" "bytea" NOT NULL,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_system_key" UNIQUE("system"),
	CONSTRAINT "connections_system_check" CHECK ("system" IN ('partner-center', 'salesforce', 'dynamics'))
);
--> statement-breakpoint
CREATE TABLE "cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"event_name" text NOT NULL,
	"resource_id" text NOT NULL,
	"resource_change_date" timestamp with time zone NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"correlation_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	CONSTRAINT "inbox_dedupe_key_key" UNIQUE("dedupe_key"),
	CONSTRAINT "inbox_source_check" CHECK ("source" IN ('partner-center', 'salesforce', 'dynamics')),
	CONSTRAINT "inbox_status_check" CHECK ("status" IN ('pending', 'processed', 'ignored', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"lane_key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_by" text,
	"lease_expires_at" timestamp with time zone,
	"last_error" jsonb,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_idempotency_key_key" UNIQUE("idempotency_key"),
	CONSTRAINT "jobs_status_check" CHECK ("status" IN ('queued', 'running', 'done', 'failed', 'deferred')),
	CONSTRAINT "jobs_attempts_check" CHECK ("attempts" >= 0 AND "max_attempts" >= 1),
	CONSTRAINT "jobs_lease_check" CHECK ("status" <> 'running' OR "lease_expires_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "links" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"referral_id" text NOT NULL,
	"crm_system" text NOT NULL,
	"crm_record_id" text NOT NULL,
	"pc_state_hash" text,
	"pc_etag" text,
	"pc_synced_at" timestamp with time zone,
	"crm_state_hash" text,
	"crm_etag" text,
	"crm_synced_at" timestamp with time zone,
	"mapping_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "links_referral_id_key" UNIQUE("referral_id"),
	CONSTRAINT "links_crm_record_key" UNIQUE("crm_system","crm_record_id"),
	CONSTRAINT "links_crm_system_check" CHECK ("crm_system" IN ('salesforce', 'dynamics'))
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"run_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"detail" jsonb,
	"error" jsonb,
	CONSTRAINT "run_steps_pkey" PRIMARY KEY("run_id","seq"),
	CONSTRAINT "run_steps_status_check" CHECK ("status" IN ('running', 'succeeded', 'failed', 'skipped', 'deferred'))
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"flow" text NOT NULL,
	"trigger" text NOT NULL,
	"subject" text,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"correlation_id" text,
	CONSTRAINT "runs_status_check" CHECK ("status" IN ('running', 'succeeded', 'failed', 'skipped', 'deferred'))
);
--> statement-breakpoint
ALTER TABLE "audit" ADD CONSTRAINT "audit_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_referral_idx" ON "audit" USING btree ("referral_id","at");--> statement-breakpoint
CREATE INDEX "audit_crm_record_idx" ON "audit" USING btree ("crm_record_id","at");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_run_idx" ON "audit" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "inbox_pending_idx" ON "inbox" USING btree ("id") WHERE "status" = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_resource_idx" ON "inbox" USING btree ("resource_id","resource_change_date");--> statement-breakpoint
CREATE INDEX "jobs_waiting_lane_idx" ON "jobs" USING btree ("lane_key","run_at","id") WHERE "status" IN ('queued', 'deferred');--> statement-breakpoint
CREATE INDEX "jobs_running_lane_idx" ON "jobs" USING btree ("lane_key","lease_expires_at") WHERE "status" = 'running';--> statement-breakpoint
CREATE INDEX "jobs_running_lease_idx" ON "jobs" USING btree ("lease_expires_at") WHERE "status" = 'running';--> statement-breakpoint
CREATE INDEX "runs_started_idx" ON "runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "runs_flow_idx" ON "runs" USING btree ("flow","started_at");--> statement-breakpoint
CREATE INDEX "runs_subject_idx" ON "runs" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "runs_failed_idx" ON "runs" USING btree ("started_at") WHERE "status" = 'failed';