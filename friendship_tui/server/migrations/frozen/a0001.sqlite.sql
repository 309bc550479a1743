-- Revision a0001 on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE TABLE server_users (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
)
;
CREATE TABLE server_idempotency (
	user_name VARCHAR(120) NOT NULL, 
	"key" VARCHAR(200) NOT NULL, 
	method VARCHAR(10) NOT NULL, 
	path VARCHAR(400) NOT NULL, 
	status INTEGER NOT NULL, 
	body TEXT, 
	created_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (user_name, "key")
)
;
CREATE INDEX ix_server_idempotency_created_at ON server_idempotency (created_at)
;
CREATE TABLE server_tokens (
	id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	prefix VARCHAR(32) NOT NULL, 
	secret_hash VARCHAR(64) NOT NULL, 
	scopes TEXT NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	last_used_at VARCHAR(40), 
	revoked_at VARCHAR(40), 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES server_users (id)
)
;
CREATE INDEX ix_server_tokens_prefix ON server_tokens (prefix)
;
