-- 0007: the other part of a two-part credential (an AWS secret access
-- key's access key id), AES-GCM encrypted by the server like secret_enc
-- and only when LEAKHOUND_SECRET_KEY is set, so the incident can be
-- re-checked and investigated. NULL: no other part was reported.
ALTER TABLE incidents ADD COLUMN pair_enc {{blob}};
