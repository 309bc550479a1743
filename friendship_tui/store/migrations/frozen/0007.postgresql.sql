-- Revision 0007_agenda_indexes on postgresql, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
DROP INDEX IF EXISTS ix_contact_d_next_due
;
CREATE INDEX ix_contact_d_next_due ON contact (owned_by, is_archived, next_due, last_contacted_at, stay_in_touch_frequency)
;
DROP INDEX IF EXISTS ix_contact_d_birthday_md
;
CREATE INDEX ix_contact_d_birthday_md ON contact (owned_by, is_archived, birthday_md, birthday)
;
DROP INDEX IF EXISTS ix_contact_d_anniversary_md
;
CREATE INDEX ix_contact_d_anniversary_md ON contact (owned_by, is_archived, anniversary_md, anniversary)
;
DROP INDEX IF EXISTS ix_life_event_d_occurred_md
;
CREATE INDEX ix_life_event_d_occurred_md ON life_event (owned_by, is_archived, occurred_md, occurred_at, recurring)
;
DROP INDEX IF EXISTS ix_reminder_agenda
;
CREATE INDEX ix_reminder_agenda ON reminder (owned_by, is_archived, due_date, completed)
;
