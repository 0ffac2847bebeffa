ALTER TABLE "inbox" DROP CONSTRAINT "inbox_status_check";--> statement-breakpoint
ALTER TABLE "links" ADD COLUMN "pc_seen_change_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_status_check" CHECK ("status" IN ('pending', 'processed', 'ignored', 'failed', 'stale'));