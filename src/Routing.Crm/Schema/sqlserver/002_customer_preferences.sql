-- The customer's own order of channels (comma-separated names, most wanted first) and time zone
-- (IANA name): outbound channel choice falls back along the order; quiet hours use the zone.
ALTER TABLE dbo.customers ADD
    channel_order nvarchar(400) NOT NULL CONSTRAINT df_customers_channel_order DEFAULT N'',
    time_zone     nvarchar(64)  NOT NULL CONSTRAINT df_customers_time_zone DEFAULT N'';
