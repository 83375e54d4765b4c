-- The customer's own order of channels (comma-separated names, most wanted first) and time zone
-- (IANA name): outbound channel choice falls back along the order; quiet hours use the zone.
ALTER TABLE customers ADD COLUMN channel_order TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
