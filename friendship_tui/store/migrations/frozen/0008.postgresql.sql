-- Revision 0008_agenda_due_ranges on postgresql, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
DROP INDEX IF EXISTS ix_contact_due_utc
;
CREATE INDEX ix_contact_due_utc ON contact (owned_by, is_archived, stay_in_touch_frequency, last_contacted_at, next_due) WHERE next_due > '' AND (last_contacted_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?Z$')
;
DROP INDEX IF EXISTS ix_contact_due_odd
;
CREATE INDEX ix_contact_due_odd ON contact (owned_by, is_archived, next_due, last_contacted_at, stay_in_touch_frequency) WHERE next_due > '' AND NOT (last_contacted_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?Z$')
;
