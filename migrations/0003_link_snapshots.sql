ALTER TABLE "links" ADD COLUMN "pc_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "links" ADD COLUMN "crm_snapshot" jsonb;