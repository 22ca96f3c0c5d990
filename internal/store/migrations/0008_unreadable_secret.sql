-- 0008: 1 when the server found that the kept secret, or its other part,
-- does not decrypt with LEAKHOUND_SECRET_KEY (the key changed since, or
-- the row is damaged). The next report that brings the secret replaces
-- the copies and clears it; until then the unreadable copy is kept, so a
-- key restored by the operator still reads it.
ALTER TABLE incidents ADD COLUMN secret_unreadable INTEGER NOT NULL DEFAULT 0;
