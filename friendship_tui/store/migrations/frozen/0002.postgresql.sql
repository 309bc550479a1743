-- Revision 0002 on postgresql, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE OR REPLACE FUNCTION contact_tags_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM contact_tags_index WHERE obj_seq = OLD.seq; END IF; IF TG_OP <> 'DELETE' AND NEW.tags IS NOT NULL THEN INSERT INTO contact_tags_index(obj_seq, owned_by, tag) SELECT NEW.seq, NEW.owned_by, jsonb_array_elements_text(NEW.tags::jsonb); END IF; RETURN NULL; END $$
;
CREATE TRIGGER contact_tags_index_sync AFTER INSERT OR DELETE OR UPDATE OF tags, owned_by ON contact FOR EACH ROW EXECUTE FUNCTION contact_tags_index_sync()
;
CREATE OR REPLACE FUNCTION journal_entry_tags_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM journal_entry_tags_index WHERE obj_seq = OLD.seq; END IF; IF TG_OP <> 'DELETE' AND NEW.tags IS NOT NULL THEN INSERT INTO journal_entry_tags_index(obj_seq, owned_by, tag) SELECT NEW.seq, NEW.owned_by, jsonb_array_elements_text(NEW.tags::jsonb); END IF; RETURN NULL; END $$
;
CREATE TRIGGER journal_entry_tags_index_sync AFTER INSERT OR DELETE OR UPDATE OF tags, owned_by ON journal_entry FOR EACH ROW EXECUTE FUNCTION journal_entry_tags_index_sync()
;
INSERT INTO contact_tags_index(obj_seq, owned_by, tag) SELECT t.seq, t.owned_by, jsonb_array_elements_text(t.tags::jsonb) FROM contact AS t WHERE t.tags IS NOT NULL
;
INSERT INTO journal_entry_tags_index(obj_seq, owned_by, tag) SELECT t.seq, t.owned_by, jsonb_array_elements_text(t.tags::jsonb) FROM journal_entry AS t WHERE t.tags IS NOT NULL
;
