-- Revision 0005_prefix_index on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
DROP TRIGGER IF EXISTS contact_fts_ai
;
DROP TRIGGER IF EXISTS contact_fts_ad
;
DROP TRIGGER IF EXISTS contact_fts_au
;
DROP TABLE IF EXISTS contact_fts
;
CREATE VIRTUAL TABLE contact_fts USING fts5(name, nickname, email, company, job_title, notes, food_prefs, tags, content='contact', content_rowid='seq', tokenize='unicode61 remove_diacritics 2', prefix='1 2')
;
CREATE TRIGGER contact_fts_ai AFTER INSERT ON contact BEGIN INSERT INTO contact_fts(rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES (new.seq, new.name, new.nickname, new.email, new.company, new.job_title, new.notes, new.food_prefs, new.tags); END
;
CREATE TRIGGER contact_fts_ad AFTER DELETE ON contact BEGIN INSERT INTO contact_fts(contact_fts, rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES ('delete', old.seq, old.name, old.nickname, old.email, old.company, old.job_title, old.notes, old.food_prefs, old.tags); END
;
CREATE TRIGGER contact_fts_au AFTER UPDATE OF name, nickname, email, company, job_title, notes, food_prefs, tags ON contact BEGIN INSERT INTO contact_fts(contact_fts, rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES ('delete', old.seq, old.name, old.nickname, old.email, old.company, old.job_title, old.notes, old.food_prefs, old.tags); INSERT INTO contact_fts(rowid, name, nickname, email, company, job_title, notes, food_prefs, tags) VALUES (new.seq, new.name, new.nickname, new.email, new.company, new.job_title, new.notes, new.food_prefs, new.tags); END
;
INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')
;
