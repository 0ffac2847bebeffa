CREATE TABLE "plan_items" (
	"plan_id" text NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"referral_id" text,
	"crm_record_id" text,
	"detail" jsonb NOT NULL,
	"accepted" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"outcome" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_items_plan_id_seq_pk" PRIMARY KEY("plan_id","seq"),
	CONSTRAINT "plan_items_action_check" CHECK ("action" IN ('link', 'propose', 'create-in-crm', 'create-in-pc', 'skip', 'flag')),
	CONSTRAINT "plan_items_status_check" CHECK ("status" IN ('pending', 'started', 'done', 'failed', 'deferred'))
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" text PRIMARY KEY NOT NULL,
	"crm_system" text NOT NULL,
	"status" text DEFAULT 'ready' NOT NULL,
	"checksum" text NOT NULL,
	"summary" jsonb NOT NULL,
	"runner" text,
	"runner_lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_status_check" CHECK ("status" IN ('ready', 'applying', 'finished', 'superseded')),
	CONSTRAINT "plans_crm_system_check" CHECK ("crm_system" IN ('salesforce', 'dynamics'))
);
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_trigger_check";--> statement-breakpoint
ALTER TABLE "runs" DROP CONSTRAINT "runs_trigger_check";--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_items_work_idx" ON "plan_items" USING btree ("plan_id","status","seq");--> statement-breakpoint
CREATE INDEX "jobs_correlation_idx" ON "jobs" USING btree ("correlation_id");--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_trigger_check" CHECK ("trigger" IN ('webhook', 'change-feed', 'reconciliation', 'manual', 'resubmit', 'backfill'));--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_trigger_check" CHECK ("trigger" IN ('webhook', 'change-feed', 'reconciliation', 'manual', 'resubmit', 'backfill'));