ALTER TABLE "jobs" ADD COLUMN "coalescing" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "trigger" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "correlation_id" text;--> statement-breakpoint
ALTER TABLE "run_steps" ADD COLUMN "calls_by_system" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "calls_by_system" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "job_id" bigint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "job_kind" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "job_lane_key" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "job_payload" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_coalesce_key" ON "jobs" USING btree ("kind","lane_key") WHERE "status" IN ('queued', 'deferred') AND "coalescing";--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_trigger_check" CHECK ("trigger" IN ('webhook', 'change-feed', 'reconciliation', 'manual', 'resubmit'));--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_trigger_check" CHECK ("trigger" IN ('webhook', 'change-feed', 'reconciliation', 'manual', 'resubmit'));