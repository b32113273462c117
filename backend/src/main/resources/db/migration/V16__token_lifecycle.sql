-- Bearer tokens get an id (to list and revoke them without ever showing the token or its hash), a time of last
-- use, and always an expiry: tokens made before this migration expire a year after they were made.
ALTER TABLE api_token ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE;
ALTER TABLE api_token ADD COLUMN last_used_at timestamptz;
UPDATE api_token SET expires_at = created_at + interval '365 days' WHERE expires_at IS NULL;
ALTER TABLE api_token ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX api_token_account_idx ON api_token (account_id);
