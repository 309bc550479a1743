-- Revision s0001 on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE TABLE sync_outbox (
	seq INTEGER NOT NULL, 
	op VARCHAR(16) NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	obj_id VARCHAR(64) NOT NULL, 
	payload TEXT NOT NULL, 
	idem_key VARCHAR(64) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	created_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (seq)
)
;
CREATE INDEX ix_sync_outbox_obj ON sync_outbox (obj_id)
;
CREATE TABLE sync_local (
	id VARCHAR(64) NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	mirror_of VARCHAR(64), 
	PRIMARY KEY (id)
)
;
CREATE TABLE sync_conflict (
	seq INTEGER NOT NULL, 
	at VARCHAR(32) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	obj_id VARCHAR(64) NOT NULL, 
	field VARCHAR(64), 
	local_value TEXT, 
	server_value TEXT, 
	message TEXT NOT NULL, 
	PRIMARY KEY (seq)
)
;
CREATE TABLE sync_cursor (
	type VARCHAR(32) NOT NULL, 
	cursor VARCHAR(32), 
	PRIMARY KEY (type)
)
;
CREATE TABLE sync_meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT, 
	PRIMARY KEY ("key")
)
;
