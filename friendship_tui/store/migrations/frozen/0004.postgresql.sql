-- Revision 0004_counts on postgresql, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE TABLE row_count (
	owned_by VARCHAR(64) NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	is_archived INTEGER NOT NULL, 
	n INTEGER NOT NULL, 
	PRIMARY KEY (owned_by, type, is_archived)
)
;
CREATE OR REPLACE FUNCTION friendship_row_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (OLD.owned_by, TG_TABLE_NAME, OLD.is_archived::int, -1) ON CONFLICT (owned_by, type, is_archived) DO UPDATE SET n = row_count.n + (-1); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (NEW.owned_by, TG_TABLE_NAME, NEW.is_archived::int, 1) ON CONFLICT (owned_by, type, is_archived) DO UPDATE SET n = row_count.n + (1); END IF; RETURN NULL; END $$
;
CREATE TRIGGER contact_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON contact FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER activity_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON activity FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER conversation_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON conversation FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER custom_field_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON custom_field FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER gift_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON gift FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER journal_entry_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON journal_entry FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER life_event_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON life_event FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER note_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON note FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER pet_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON pet FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER relationship_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON relationship FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
CREATE TRIGGER reminder_count AFTER INSERT OR DELETE OR UPDATE OF is_archived, owned_by ON reminder FOR EACH ROW EXECUTE FUNCTION friendship_row_count()
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'contact', is_archived::int, count(*) FROM contact GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'activity', is_archived::int, count(*) FROM activity GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'conversation', is_archived::int, count(*) FROM conversation GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'custom_field', is_archived::int, count(*) FROM custom_field GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'gift', is_archived::int, count(*) FROM gift GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'journal_entry', is_archived::int, count(*) FROM journal_entry GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'life_event', is_archived::int, count(*) FROM life_event GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'note', is_archived::int, count(*) FROM note GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'pet', is_archived::int, count(*) FROM pet GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'relationship', is_archived::int, count(*) FROM relationship GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'reminder', is_archived::int, count(*) FROM reminder GROUP BY owned_by, is_archived
;
