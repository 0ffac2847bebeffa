CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_key" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "record_index" (
	"key" text PRIMARY KEY NOT NULL,
	"referral_id" text,
	"crm_system" text,
	"crm_record_id" text,
	"name" text,
	"status" text,
	"direction" text NOT NULL,
	"outcome" text NOT NULL,
	"reason_code" text,
	"run_id" bigint,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_key" UNIQUE("username"),
	CONSTRAINT "users_role_check" CHECK ("role" IN ('admin', 'operator', 'viewer'))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "record_index_updated_idx" ON "record_index" USING btree ("updated_at","key");--> statement-breakpoint
CREATE INDEX "record_index_outcome_idx" ON "record_index" USING btree ("outcome","updated_at","key");--> statement-breakpoint
CREATE INDEX "record_index_crm_idx" ON "record_index" USING btree ("crm_record_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
-- Backfill: each record's latest audited decision (the same rules as noteRecords in src/store/records-index.ts).
INSERT INTO "record_index" ("key", "referral_id", "crm_system", "crm_record_id", "name", "status", "direction", "outcome", "reason_code", "run_id", "updated_at")
SELECT DISTINCT ON (k) k, "referral_id", "crm_system", "crm_record_id",
  (SELECT a2."field_diff"->>'name' FROM "audit" a2
    WHERE COALESCE(a2."referral_id", 'crm:' || a2."crm_system" || ':' || a2."crm_record_id") = k
      AND jsonb_typeof(a2."field_diff") = 'object' AND jsonb_typeof(a2."field_diff"->'name') = 'string'
    ORDER BY a2."at" DESC, a2."id" DESC LIMIT 1),
  CASE WHEN jsonb_typeof("field_diff") = 'object' AND jsonb_typeof("field_diff"->'status') = 'string' THEN "field_diff"->>'status' END,
  "direction", "action", "reason_code", "run_id", "at"
FROM (SELECT *, COALESCE("referral_id", 'crm:' || "crm_system" || ':' || "crm_record_id") AS k FROM "audit") a
WHERE k IS NOT NULL
ORDER BY k, "at" DESC, "id" DESC;
