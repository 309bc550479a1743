-- Revision 0002 on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
CREATE VIRTUAL TABLE contact_fts USING fts5(name, nickname, email, company, job_title, notes, food_prefs, tags, content='contact', content_rowid='seq', tokenize='unicode61 remove_diacritics 2', prefix='1 2')
;
CREATE TRIGGER contact_fts_ai AFTER INSERT ON contact BEGIN INSERT INTO contact_fts(rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES (new.seq, new.name, new.nickname, new.email, new.company, new.job_title, new.notes, new.food_prefs, new.tags); END
;
CREATE TRIGGER contact_fts_ad AFTER DELETE ON contact BEGIN INSERT INTO contact_fts(contact_fts, rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES ('delete', old.seq, old.name, old.nickname, old.email, old.company, old.job_title, old.notes, old.food_prefs, old.tags); END
;
CREATE TRIGGER contact_fts_au AFTER UPDATE OF name, nickname, email, company, job_title, notes, food_prefs, tags ON contact BEGIN INSERT INTO contact_fts(contact_fts, rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES ('delete', old.seq, old.name, old.nickname, old.email, old.company, old.job_title, old.notes, old.food_prefs, old.tags); INSERT INTO contact_fts(rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES (new.seq, new.name, new.nickname, new.email, new.company, new.job_title, new.notes, new.food_prefs, new.tags); END
;
CREATE TRIGGER contact_tags_index_ai AFTER INSERT ON contact WHEN new.tags IS NOT NULL BEGIN INSERT INTO contact_tags_index(obj_seq, owned_by, tag) SELECT new.seq, new.owned_by, value FROM json_each(new.tags); END
;
CREATE TRIGGER contact_tags_index_ad AFTER DELETE ON contact BEGIN DELETE FROM contact_tags_index WHERE obj_seq = old.seq; END
;
CREATE TRIGGER contact_tags_index_au AFTER UPDATE OF tags, owned_by ON contact BEGIN DELETE FROM contact_tags_index WHERE obj_seq = old.seq; INSERT INTO contact_tags_index(obj_seq, owned_by, tag) SELECT new.seq, new.owned_by, value FROM json_each(coalesce(new.tags, '[]')); END
;
CREATE VIRTUAL TABLE activity_fts USING fts5(title, description, location, content='activity', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER activity_fts_ai AFTER INSERT ON activity BEGIN INSERT INTO activity_fts(rowid, title, description, location) VALUES (new.seq, new.title, new.description, new.location); END
;
CREATE TRIGGER activity_fts_ad AFTER DELETE ON activity BEGIN INSERT INTO activity_fts(activity_fts, rowid, title, description, location) VALUES ('delete', old.seq, old.title, old.description, old.location); END
;
CREATE TRIGGER activity_fts_au AFTER UPDATE OF title, description, location ON activity BEGIN INSERT INTO activity_fts(activity_fts, rowid, title, description, location) VALUES ('delete', old.seq, old.title, old.description, old.location); INSERT INTO activity_fts(rowid, title, description, location) VALUES (new.seq, new.title, new.description, new.location); END
;
CREATE VIRTUAL TABLE conversation_fts USING fts5(content, summary, content='conversation', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER conversation_fts_ai AFTER INSERT ON conversation BEGIN INSERT INTO conversation_fts(rowid, content, summary) VALUES (new.seq, new.content, new.summary); END
;
CREATE TRIGGER conversation_fts_ad AFTER DELETE ON conversation BEGIN INSERT INTO conversation_fts(conversation_fts, rowid, content, summary) VALUES ('delete', old.seq, old.content, old.summary); END
;
CREATE TRIGGER conversation_fts_au AFTER UPDATE OF content, summary ON conversation BEGIN INSERT INTO conversation_fts(conversation_fts, rowid, content, summary) VALUES ('delete', old.seq, old.content, old.summary); INSERT INTO conversation_fts(rowid, content, summary) VALUES (new.seq, new.content, new.summary); END
;
CREATE VIRTUAL TABLE custom_field_fts USING fts5(label, value, content='custom_field', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER custom_field_fts_ai AFTER INSERT ON custom_field BEGIN INSERT INTO custom_field_fts(rowid, label, value) VALUES (new.seq, new.label, new.value); END
;
CREATE TRIGGER custom_field_fts_ad AFTER DELETE ON custom_field BEGIN INSERT INTO custom_field_fts(custom_field_fts, rowid, label, value) VALUES ('delete', old.seq, old.label, old.value); END
;
CREATE TRIGGER custom_field_fts_au AFTER UPDATE OF label, value ON custom_field BEGIN INSERT INTO custom_field_fts(custom_field_fts, rowid, label, value) VALUES ('delete', old.seq, old.label, old.value); INSERT INTO custom_field_fts(rowid, label, value) VALUES (new.seq, new.label, new.value); END
;
CREATE VIRTUAL TABLE gift_fts USING fts5(title, occasion, notes, currency, content='gift', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER gift_fts_ai AFTER INSERT ON gift BEGIN INSERT INTO gift_fts(rowid, title, occasion, notes, currency) VALUES (new.seq, new.title, new.occasion, new.notes, new.currency); END
;
CREATE TRIGGER gift_fts_ad AFTER DELETE ON gift BEGIN INSERT INTO gift_fts(gift_fts, rowid, title, occasion, notes, currency) VALUES ('delete', old.seq, old.title, old.occasion, old.notes, old.currency); END
;
CREATE TRIGGER gift_fts_au AFTER UPDATE OF title, occasion, notes, currency ON gift BEGIN INSERT INTO gift_fts(gift_fts, rowid, title, occasion, notes, currency) VALUES ('delete', old.seq, old.title, old.occasion, old.notes, old.currency); INSERT INTO gift_fts(rowid, title, occasion, notes, currency) VALUES (new.seq, new.title, new.occasion, new.notes, new.currency); END
;
CREATE VIRTUAL TABLE journal_entry_fts USING fts5(title, body, tags, content='journal_entry', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER journal_entry_fts_ai AFTER INSERT ON journal_entry BEGIN INSERT INTO journal_entry_fts(rowid, title, body, tags) VALUES (new.seq, new.title, new.body, new.tags); END
;
CREATE TRIGGER journal_entry_fts_ad AFTER DELETE ON journal_entry BEGIN INSERT INTO journal_entry_fts(journal_entry_fts, rowid, title, body, tags) VALUES ('delete', old.seq, old.title, old.body, old.tags); END
;
CREATE TRIGGER journal_entry_fts_au AFTER UPDATE OF title, body, tags ON journal_entry BEGIN INSERT INTO journal_entry_fts(journal_entry_fts, rowid, title, body, tags) VALUES ('delete', old.seq, old.title, old.body, old.tags); INSERT INTO journal_entry_fts(rowid, title, body, tags) VALUES (new.seq, new.title, new.body, new.tags); END
;
CREATE TRIGGER journal_entry_tags_index_ai AFTER INSERT ON journal_entry WHEN new.tags IS NOT NULL BEGIN INSERT INTO journal_entry_tags_index(obj_seq, owned_by, tag) SELECT new.seq, new.owned_by, value FROM json_each(new.tags); END
;
CREATE TRIGGER journal_entry_tags_index_ad AFTER DELETE ON journal_entry BEGIN DELETE FROM journal_entry_tags_index WHERE obj_seq = old.seq; END
;
CREATE TRIGGER journal_entry_tags_index_au AFTER UPDATE OF tags, owned_by ON journal_entry BEGIN DELETE FROM journal_entry_tags_index WHERE obj_seq = old.seq; INSERT INTO journal_entry_tags_index(obj_seq, owned_by, tag) SELECT new.seq, new.owned_by, value FROM json_each(coalesce(new.tags, '[]')); END
;
CREATE VIRTUAL TABLE life_event_fts USING fts5(title, description, location, content='life_event', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER life_event_fts_ai AFTER INSERT ON life_event BEGIN INSERT INTO life_event_fts(rowid, title, description, location) VALUES (new.seq, new.title, new.description, new.location); END
;
CREATE TRIGGER life_event_fts_ad AFTER DELETE ON life_event BEGIN INSERT INTO life_event_fts(life_event_fts, rowid, title, description, location) VALUES ('delete', old.seq, old.title, old.description, old.location); END
;
CREATE TRIGGER life_event_fts_au AFTER UPDATE OF title, description, location ON life_event BEGIN INSERT INTO life_event_fts(life_event_fts, rowid, title, description, location) VALUES ('delete', old.seq, old.title, old.description, old.location); INSERT INTO life_event_fts(rowid, title, description, location) VALUES (new.seq, new.title, new.description, new.location); END
;
CREATE VIRTUAL TABLE note_fts USING fts5(body, content='note', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER note_fts_ai AFTER INSERT ON note BEGIN INSERT INTO note_fts(rowid, body) VALUES (new.seq, new.body); END
;
CREATE TRIGGER note_fts_ad AFTER DELETE ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.seq, old.body); END
;
CREATE TRIGGER note_fts_au AFTER UPDATE OF body ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.seq, old.body); INSERT INTO note_fts(rowid, body) VALUES (new.seq, new.body); END
;
CREATE VIRTUAL TABLE pet_fts USING fts5(name, species_other, breed, colour, notes, content='pet', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER pet_fts_ai AFTER INSERT ON pet BEGIN INSERT INTO pet_fts(rowid, name, species_other, breed, colour, notes) VALUES (new.seq, new.name, new.species_other, new.breed, new.colour, new.notes); END
;
CREATE TRIGGER pet_fts_ad AFTER DELETE ON pet BEGIN INSERT INTO pet_fts(pet_fts, rowid, name, species_other, breed, colour, notes) VALUES ('delete', old.seq, old.name, old.species_other, old.breed, old.colour, old.notes); END
;
CREATE TRIGGER pet_fts_au AFTER UPDATE OF name, species_other, breed, colour, notes ON pet BEGIN INSERT INTO pet_fts(pet_fts, rowid, name, species_other, breed, colour, notes) VALUES ('delete', old.seq, old.name, old.species_other, old.breed, old.colour, old.notes); INSERT INTO pet_fts(rowid, name, species_other, breed, colour, notes) VALUES (new.seq, new.name, new.species_other, new.breed, new.colour, new.notes); END
;
CREATE VIRTUAL TABLE relationship_fts USING fts5(label, notes, content='relationship', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER relationship_fts_ai AFTER INSERT ON relationship BEGIN INSERT INTO relationship_fts(rowid, label, notes) VALUES (new.seq, new.label, new.notes); END
;
CREATE TRIGGER relationship_fts_ad AFTER DELETE ON relationship BEGIN INSERT INTO relationship_fts(relationship_fts, rowid, label, notes) VALUES ('delete', old.seq, old.label, old.notes); END
;
CREATE TRIGGER relationship_fts_au AFTER UPDATE OF label, notes ON relationship BEGIN INSERT INTO relationship_fts(relationship_fts, rowid, label, notes) VALUES ('delete', old.seq, old.label, old.notes); INSERT INTO relationship_fts(rowid, label, notes) VALUES (new.seq, new.label, new.notes); END
;
CREATE VIRTUAL TABLE reminder_fts USING fts5(message, content='reminder', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER reminder_fts_ai AFTER INSERT ON reminder BEGIN INSERT INTO reminder_fts(rowid, message) VALUES (new.seq, new.message); END
;
CREATE TRIGGER reminder_fts_ad AFTER DELETE ON reminder BEGIN INSERT INTO reminder_fts(reminder_fts, rowid, message) VALUES ('delete', old.seq, old.message); END
;
CREATE TRIGGER reminder_fts_au AFTER UPDATE OF message ON reminder BEGIN INSERT INTO reminder_fts(reminder_fts, rowid, message) VALUES ('delete', old.seq, old.message); INSERT INTO reminder_fts(rowid, message) VALUES (new.seq, new.message); END
;
INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')
;
INSERT INTO contact_tags_index(obj_seq, owned_by, tag) SELECT t.seq, t.owned_by, j.value FROM contact AS t, json_each(t.tags) AS j WHERE t.tags IS NOT NULL
;
INSERT INTO activity_fts(activity_fts) VALUES ('rebuild')
;
INSERT INTO conversation_fts(conversation_fts) VALUES ('rebuild')
;
INSERT INTO custom_field_fts(custom_field_fts) VALUES ('rebuild')
;
INSERT INTO gift_fts(gift_fts) VALUES ('rebuild')
;
INSERT INTO journal_entry_fts(journal_entry_fts) VALUES ('rebuild')
;
INSERT INTO journal_entry_tags_index(obj_seq, owned_by, tag) SELECT t.seq, t.owned_by, j.value FROM journal_entry AS t, json_each(t.tags) AS j WHERE t.tags IS NOT NULL
;
INSERT INTO life_event_fts(life_event_fts) VALUES ('rebuild')
;
INSERT INTO note_fts(note_fts) VALUES ('rebuild')
;
INSERT INTO pet_fts(pet_fts) VALUES ('rebuild')
;
INSERT INTO relationship_fts(relationship_fts) VALUES ('rebuild')
;
INSERT INTO reminder_fts(reminder_fts) VALUES ('rebuild')
;
