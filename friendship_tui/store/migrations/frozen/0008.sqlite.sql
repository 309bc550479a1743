-- Revision 0008_agenda_due_ranges on sqlite, as it was: never edit (a change is a new revision).
-- Statements are separated by a line holding only ';'.
DROP INDEX IF EXISTS ix_contact_due_shape
;
CREATE INDEX ix_contact_due_shape ON contact (owned_by, is_archived, (CASE WHEN next_due > '' THEN (last_contacted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z' OR last_contacted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z') END), stay_in_touch_frequency, last_contacted_at, next_due)
;
