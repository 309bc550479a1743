-- Revision 0004_counts on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE TABLE row_count (
	owned_by VARCHAR(64) NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	is_archived INTEGER NOT NULL, 
	n INTEGER NOT NULL, 
	PRIMARY KEY (owned_by, type, is_archived)
)
;
CREATE TRIGGER contact_count_ai AFTER INSERT ON contact BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'contact', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER contact_count_ad AFTER DELETE ON contact BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'contact', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER contact_count_au AFTER UPDATE OF is_archived, owned_by ON contact BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'contact', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'contact', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER activity_count_ai AFTER INSERT ON activity BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'activity', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER activity_count_ad AFTER DELETE ON activity BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'activity', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER activity_count_au AFTER UPDATE OF is_archived, owned_by ON activity BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'activity', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'activity', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER conversation_count_ai AFTER INSERT ON conversation BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'conversation', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER conversation_count_ad AFTER DELETE ON conversation BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'conversation', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER conversation_count_au AFTER UPDATE OF is_archived, owned_by ON conversation BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'conversation', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'conversation', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER custom_field_count_ai AFTER INSERT ON custom_field BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'custom_field', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER custom_field_count_ad AFTER DELETE ON custom_field BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'custom_field', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER custom_field_count_au AFTER UPDATE OF is_archived, owned_by ON custom_field BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'custom_field', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'custom_field', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER gift_count_ai AFTER INSERT ON gift BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'gift', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER gift_count_ad AFTER DELETE ON gift BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'gift', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER gift_count_au AFTER UPDATE OF is_archived, owned_by ON gift BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'gift', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'gift', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER journal_entry_count_ai AFTER INSERT ON journal_entry BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'journal_entry', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER journal_entry_count_ad AFTER DELETE ON journal_entry BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'journal_entry', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER journal_entry_count_au AFTER UPDATE OF is_archived, owned_by ON journal_entry BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'journal_entry', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'journal_entry', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER life_event_count_ai AFTER INSERT ON life_event BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'life_event', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER life_event_count_ad AFTER DELETE ON life_event BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'life_event', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER life_event_count_au AFTER UPDATE OF is_archived, owned_by ON life_event BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'life_event', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'life_event', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER note_count_ai AFTER INSERT ON note BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'note', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER note_count_ad AFTER DELETE ON note BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'note', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER note_count_au AFTER UPDATE OF is_archived, owned_by ON note BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'note', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'note', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER pet_count_ai AFTER INSERT ON pet BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'pet', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER pet_count_ad AFTER DELETE ON pet BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'pet', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER pet_count_au AFTER UPDATE OF is_archived, owned_by ON pet BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'pet', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'pet', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER relationship_count_ai AFTER INSERT ON relationship BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'relationship', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER relationship_count_ad AFTER DELETE ON relationship BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'relationship', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER relationship_count_au AFTER UPDATE OF is_archived, owned_by ON relationship BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'relationship', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'relationship', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER reminder_count_ai AFTER INSERT ON reminder BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'reminder', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
CREATE TRIGGER reminder_count_ad AFTER DELETE ON reminder BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'reminder', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); END
;
CREATE TRIGGER reminder_count_au AFTER UPDATE OF is_archived, owned_by ON reminder BEGIN INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (old.owned_by, 'reminder', old.is_archived, -1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (-1); INSERT INTO row_count(owned_by, type, is_archived, n) VALUES (new.owned_by, 'reminder', new.is_archived, 1) ON CONFLICT(owned_by, type, is_archived) DO UPDATE SET n = n + (1); END
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'contact', is_archived, count(*) FROM contact GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'activity', is_archived, count(*) FROM activity GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'conversation', is_archived, count(*) FROM conversation GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'custom_field', is_archived, count(*) FROM custom_field GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'gift', is_archived, count(*) FROM gift GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'journal_entry', is_archived, count(*) FROM journal_entry GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'life_event', is_archived, count(*) FROM life_event GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'note', is_archived, count(*) FROM note GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'pet', is_archived, count(*) FROM pet GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'relationship', is_archived, count(*) FROM relationship GROUP BY owned_by, is_archived
;
INSERT INTO row_count(owned_by, type, is_archived, n) SELECT owned_by, 'reminder', is_archived, count(*) FROM reminder GROUP BY owned_by, is_archived
;
