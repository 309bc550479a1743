-- Revision 0001 on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE TABLE contact (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	name TEXT, 
	nickname TEXT, 
	pronouns TEXT, 
	gender TEXT, 
	email TEXT, 
	secondary_email TEXT, 
	phone TEXT, 
	secondary_phone TEXT, 
	company TEXT, 
	job_title TEXT, 
	address_line TEXT, 
	city TEXT, 
	country TEXT, 
	website TEXT, 
	linkedin TEXT, 
	twitter TEXT, 
	birthday TEXT, 
	anniversary TEXT, 
	last_contacted_at TEXT, 
	stay_in_touch_frequency TEXT, 
	stay_in_touch_topic TEXT, 
	how_we_met TEXT, 
	food_prefs TEXT, 
	allergies TEXT, 
	notes TEXT, 
	tags TEXT, 
	favorite BOOLEAN, 
	color TEXT, 
	avatar_blob_id TEXT, 
	next_due VARCHAR(32), 
	birthday_md VARCHAR(32), 
	anniversary_md VARCHAR(32), 
	PRIMARY KEY (seq), 
	UNIQUE (id)
)
;
CREATE INDEX ix_contact_f_favorite ON contact (owned_by, favorite, is_archived)
;
CREATE INDEX ix_contact_s_last_contacted_at ON contact (owned_by, is_archived, last_contacted_at, seq)
;
CREATE INDEX ix_contact_f_name ON contact (owned_by, name, is_archived)
;
CREATE INDEX ix_contact_f_stay_in_touch_frequency ON contact (owned_by, stay_in_touch_frequency, is_archived)
;
CREATE INDEX ix_contact_f_company ON contact (owned_by, company, is_archived)
;
CREATE INDEX ix_contact_keyset ON contact (owned_by, created_at, id)
;
CREATE INDEX ix_contact_d_next_due ON contact (owned_by, is_archived, next_due)
;
CREATE INDEX ix_contact_updated ON contact (owned_by, updated_at)
;
CREATE INDEX ix_contact_f_city ON contact (owned_by, city, is_archived)
;
CREATE INDEX ix_contact_f_status ON contact (owned_by, status, is_archived)
;
CREATE INDEX ix_contact_d_birthday_md ON contact (owned_by, is_archived, birthday_md)
;
CREATE INDEX ix_contact_f_country ON contact (owned_by, country, is_archived)
;
CREATE INDEX ix_contact_s_updated_at ON contact (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_contact_d_anniversary_md ON contact (owned_by, is_archived, anniversary_md)
;
CREATE INDEX ix_contact_f_gender ON contact (owned_by, gender, is_archived)
;
CREATE INDEX ix_contact_s_created_at ON contact (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_contact_s_name ON contact (owned_by, is_archived, name COLLATE NOCASE, seq)
;
CREATE INDEX ix_contact_f_email ON contact (owned_by, email, is_archived)
;
CREATE INDEX ix_contact_s_birthday ON contact (owned_by, is_archived, birthday, seq)
;
CREATE TABLE contact_tags_index (
	obj_seq INTEGER NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	tag TEXT NOT NULL
)
;
CREATE INDEX ix_contact_tags_index_obj ON contact_tags_index (obj_seq)
;
CREATE INDEX ix_contact_tags_index_tag ON contact_tags_index (owned_by, tag, obj_seq)
;
CREATE TABLE journal_entry (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	title TEXT, 
	body TEXT, 
	mood TEXT, 
	tags TEXT, 
	entry_date TEXT, 
	PRIMARY KEY (seq), 
	UNIQUE (id)
)
;
CREATE INDEX ix_journal_entry_keyset ON journal_entry (owned_by, created_at, id)
;
CREATE INDEX ix_journal_entry_s_entry_date ON journal_entry (owned_by, is_archived, entry_date, seq)
;
CREATE INDEX ix_journal_entry_s_updated_at ON journal_entry (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_journal_entry_updated ON journal_entry (owned_by, updated_at)
;
CREATE INDEX ix_journal_entry_f_mood ON journal_entry (owned_by, mood, is_archived)
;
CREATE INDEX ix_journal_entry_s_created_at ON journal_entry (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_journal_entry_f_status ON journal_entry (owned_by, status, is_archived)
;
CREATE TABLE journal_entry_tags_index (
	obj_seq INTEGER NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	tag TEXT NOT NULL
)
;
CREATE INDEX ix_journal_entry_tags_index_obj ON journal_entry_tags_index (obj_seq)
;
CREATE INDEX ix_journal_entry_tags_index_tag ON journal_entry_tags_index (owned_by, tag, obj_seq)
;
CREATE TABLE tombstone (
	seq INTEGER NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	parent_id VARCHAR(64), 
	created_at VARCHAR(32), 
	deleted_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (seq)
)
;
CREATE INDEX ix_tombstone_id ON tombstone (id)
;
CREATE INDEX ix_tombstone_since ON tombstone (owned_by, type, deleted_at)
;
CREATE TABLE activity (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	kind TEXT, 
	title TEXT, 
	description TEXT, 
	occurred_at TEXT, 
	location TEXT, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_activity_f_kind ON activity (owned_by, kind, is_archived)
;
CREATE INDEX ix_activity_s_updated_at ON activity (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_activity_s_occurred_at ON activity (owned_by, is_archived, occurred_at, seq)
;
CREATE INDEX ix_activity_keyset ON activity (owned_by, created_at, id)
;
CREATE INDEX ix_activity_f_status ON activity (owned_by, status, is_archived)
;
CREATE INDEX ix_activity_s_created_at ON activity (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_activity_f_parent_id ON activity (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_activity_updated ON activity (owned_by, updated_at)
;
CREATE INDEX ix_activity_ref_parent_id ON activity (parent_id)
;
CREATE TABLE conversation (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	channel TEXT, 
	content TEXT, 
	summary TEXT, 
	parent_id VARCHAR(64), 
	sentiment TEXT, 
	occurred_at TEXT, 
	duration_minutes FLOAT, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_conversation_s_created_at ON conversation (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_conversation_updated ON conversation (owned_by, updated_at)
;
CREATE INDEX ix_conversation_f_status ON conversation (owned_by, status, is_archived)
;
CREATE INDEX ix_conversation_ref_parent_id ON conversation (parent_id)
;
CREATE INDEX ix_conversation_f_sentiment ON conversation (owned_by, sentiment, is_archived)
;
CREATE INDEX ix_conversation_keyset ON conversation (owned_by, created_at, id)
;
CREATE INDEX ix_conversation_f_channel ON conversation (owned_by, channel, is_archived)
;
CREATE INDEX ix_conversation_f_parent_id ON conversation (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_conversation_s_occurred_at ON conversation (owned_by, is_archived, occurred_at, seq)
;
CREATE TABLE custom_field (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	label TEXT, 
	value TEXT, 
	kind TEXT, 
	position FLOAT, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_custom_field_updated ON custom_field (owned_by, updated_at)
;
CREATE INDEX ix_custom_field_s_created_at ON custom_field (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_custom_field_s_updated_at ON custom_field (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_custom_field_s_position ON custom_field (owned_by, is_archived, position, seq)
;
CREATE INDEX ix_custom_field_keyset ON custom_field (owned_by, created_at, id)
;
CREATE INDEX ix_custom_field_f_parent_id ON custom_field (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_custom_field_f_kind ON custom_field (owned_by, kind, is_archived)
;
CREATE INDEX ix_custom_field_ref_parent_id ON custom_field (parent_id)
;
CREATE INDEX ix_custom_field_f_status ON custom_field (owned_by, status, is_archived)
;
CREATE TABLE gift (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	title TEXT, 
	status TEXT, 
	occasion TEXT, 
	notes TEXT, 
	url TEXT, 
	price FLOAT, 
	currency TEXT, 
	date TEXT, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_gift_s_date ON gift (owned_by, is_archived, date, seq)
;
CREATE INDEX ix_gift_keyset ON gift (owned_by, created_at, id)
;
CREATE INDEX ix_gift_ref_parent_id ON gift (parent_id)
;
CREATE INDEX ix_gift_s_updated_at ON gift (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_gift_f_parent_id ON gift (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_gift_updated ON gift (owned_by, updated_at)
;
CREATE INDEX ix_gift_s_created_at ON gift (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_gift_f_status ON gift (owned_by, status, is_archived)
;
CREATE TABLE life_event (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	kind TEXT, 
	title TEXT, 
	occurred_at TEXT, 
	recurring BOOLEAN, 
	description TEXT, 
	location TEXT, 
	occurred_md VARCHAR(32), 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_life_event_f_status ON life_event (owned_by, status, is_archived)
;
CREATE INDEX ix_life_event_updated ON life_event (owned_by, updated_at)
;
CREATE INDEX ix_life_event_ref_parent_id ON life_event (parent_id)
;
CREATE INDEX ix_life_event_f_kind ON life_event (owned_by, kind, is_archived)
;
CREATE INDEX ix_life_event_f_recurring ON life_event (owned_by, recurring, is_archived)
;
CREATE INDEX ix_life_event_s_created_at ON life_event (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_life_event_d_occurred_md ON life_event (owned_by, is_archived, occurred_md)
;
CREATE INDEX ix_life_event_f_parent_id ON life_event (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_life_event_s_updated_at ON life_event (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_life_event_s_occurred_at ON life_event (owned_by, is_archived, occurred_at, seq)
;
CREATE INDEX ix_life_event_keyset ON life_event (owned_by, created_at, id)
;
CREATE TABLE note (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	body TEXT, 
	pinned BOOLEAN, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_note_ref_parent_id ON note (parent_id)
;
CREATE INDEX ix_note_f_parent_id ON note (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_note_s_updated_at ON note (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_note_s_created_at ON note (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_note_updated ON note (owned_by, updated_at)
;
CREATE INDEX ix_note_keyset ON note (owned_by, created_at, id)
;
CREATE INDEX ix_note_f_pinned ON note (owned_by, pinned, is_archived)
;
CREATE INDEX ix_note_f_status ON note (owned_by, status, is_archived)
;
CREATE TABLE pet (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	name TEXT, 
	species TEXT, 
	species_other TEXT, 
	breed TEXT, 
	born_at TEXT, 
	colour TEXT, 
	notes TEXT, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_pet_s_name ON pet (owned_by, is_archived, name COLLATE NOCASE, seq)
;
CREATE INDEX ix_pet_f_species ON pet (owned_by, species, is_archived)
;
CREATE INDEX ix_pet_ref_parent_id ON pet (parent_id)
;
CREATE INDEX ix_pet_s_updated_at ON pet (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_pet_s_born_at ON pet (owned_by, is_archived, born_at, seq)
;
CREATE INDEX ix_pet_keyset ON pet (owned_by, created_at, id)
;
CREATE INDEX ix_pet_f_status ON pet (owned_by, status, is_archived)
;
CREATE INDEX ix_pet_f_parent_id ON pet (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_pet_s_created_at ON pet (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_pet_updated ON pet (owned_by, updated_at)
;
CREATE TABLE relationship (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	target_id VARCHAR(64), 
	kind TEXT, 
	label TEXT, 
	since TEXT, 
	notes TEXT, 
	mirror_id VARCHAR(64), 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id), 
	FOREIGN KEY(target_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_relationship_s_created_at ON relationship (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_relationship_s_updated_at ON relationship (owned_by, is_archived, updated_at, seq)
;
CREATE INDEX ix_relationship_s_since ON relationship (owned_by, is_archived, since, seq)
;
CREATE INDEX ix_relationship_keyset ON relationship (owned_by, created_at, id)
;
CREATE INDEX ix_relationship_ref_parent_id ON relationship (parent_id)
;
CREATE INDEX ix_relationship_f_kind ON relationship (owned_by, kind, is_archived)
;
CREATE INDEX ix_relationship_f_status ON relationship (owned_by, status, is_archived)
;
CREATE INDEX ix_relationship_f_target_id ON relationship (owned_by, target_id, is_archived)
;
CREATE INDEX ix_relationship_ref_target_id ON relationship (target_id)
;
CREATE INDEX ix_relationship_updated ON relationship (owned_by, updated_at)
;
CREATE INDEX ix_relationship_mirror ON relationship (mirror_id)
;
CREATE INDEX ix_relationship_f_parent_id ON relationship (owned_by, parent_id, is_archived)
;
CREATE TABLE reminder (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	owned_by VARCHAR(64) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) DEFAULT 'active' NOT NULL, 
	is_archived BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	due_date TEXT, 
	message TEXT, 
	completed BOOLEAN, 
	PRIMARY KEY (seq), 
	UNIQUE (id), 
	FOREIGN KEY(parent_id) REFERENCES contact (id)
)
;
CREATE INDEX ix_reminder_f_completed ON reminder (owned_by, completed, is_archived)
;
CREATE INDEX ix_reminder_updated ON reminder (owned_by, updated_at)
;
CREATE INDEX ix_reminder_f_status ON reminder (owned_by, status, is_archived)
;
CREATE INDEX ix_reminder_ref_parent_id ON reminder (parent_id)
;
CREATE INDEX ix_reminder_s_due_date ON reminder (owned_by, is_archived, due_date, seq)
;
CREATE INDEX ix_reminder_f_parent_id ON reminder (owned_by, parent_id, is_archived)
;
CREATE INDEX ix_reminder_s_created_at ON reminder (owned_by, is_archived, created_at, id)
;
CREATE INDEX ix_reminder_keyset ON reminder (owned_by, created_at, id)
;
CREATE INDEX ix_reminder_s_updated_at ON reminder (owned_by, is_archived, updated_at, seq)
;
