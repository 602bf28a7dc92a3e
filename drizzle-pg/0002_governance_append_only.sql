-- The governance history is append-only, as on SQLite (drizzle/0012): no row changes, and a row goes only
-- once its workspace is gone.
CREATE FUNCTION "governance_changes_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM "workspaces" WHERE "id" = OLD."workspace_id") THEN
		RAISE EXCEPTION 'the governance history is append-only';
	END IF;
	RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "governance_changes_no_update" BEFORE UPDATE ON "governance_changes"
	FOR EACH ROW EXECUTE FUNCTION "governance_changes_append_only"();
--> statement-breakpoint
CREATE TRIGGER "governance_changes_no_delete" BEFORE DELETE ON "governance_changes"
	FOR EACH ROW EXECUTE FUNCTION "governance_changes_append_only"();
