ALTER TABLE "ballot_changes" ADD COLUMN "seq" bigint DEFAULT 0 NOT NULL;
