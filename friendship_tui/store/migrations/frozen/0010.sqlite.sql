-- Revision 0010_agenda_ties on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
DROP INDEX IF EXISTS ix_contact_d_birthday_md
;
CREATE INDEX ix_contact_d_birthday_md ON contact (owned_by, is_archived, birthday_md, birthday, name, id)
;
DROP INDEX IF EXISTS ix_contact_d_anniversary_md
;
CREATE INDEX ix_contact_d_anniversary_md ON contact (owned_by, is_archived, anniversary_md, anniversary, name, id)
;
DROP INDEX IF EXISTS ix_contact_agenda_name
;
CREATE INDEX ix_contact_agenda_name ON contact (owned_by, id, is_archived, name)
;
DROP INDEX IF EXISTS ix_life_event_d_occurred_md
;
CREATE INDEX ix_life_event_d_occurred_md ON life_event (owned_by, is_archived, occurred_md, occurred_at, recurring, parent_id, title, kind, id)
;
DROP INDEX IF EXISTS ix_reminder_agenda
;
CREATE INDEX ix_reminder_agenda ON reminder (owned_by, is_archived, due_date, completed, parent_id, id)
;
