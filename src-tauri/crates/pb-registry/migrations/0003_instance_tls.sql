-- Per-instance TLS: the CA bundle trusted for this instance, its client certificate
-- for mutual TLS (public; the private key lives in the OS keyring, only the time it
-- was stored is kept here), and the explicit switch that disables verification.
ALTER TABLE instances ADD COLUMN tls_ca_bundle TEXT;
ALTER TABLE instances ADD COLUMN tls_client_certificate TEXT;
ALTER TABLE instances ADD COLUMN tls_insecure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instances ADD COLUMN client_key_updated_at TEXT;
