-- Revision 0003_audit on postgresql, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE TABLE audit_log (
	seq SERIAL NOT NULL, 
	at VARCHAR(32) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	actor VARCHAR(200), 
	type VARCHAR(32) NOT NULL, 
	object_id VARCHAR(64) NOT NULL, 
	parent_id VARCHAR(64), 
	action VARCHAR(16) NOT NULL, 
	origin VARCHAR(16) NOT NULL, 
	changes TEXT, 
	PRIMARY KEY (seq)
)
;
CREATE INDEX ix_audit_owner ON audit_log (owned_by, seq)
;
CREATE INDEX ix_audit_parent ON audit_log (owned_by, parent_id, seq)
;
CREATE INDEX ix_audit_object ON audit_log (owned_by, object_id, seq)
;
