-- Redemption links name their invitation: `/redeem/{invitation id}.{secret}`. The id
-- finds the row through the primary key and the secret's hash is compared with the
-- stored one in constant time, so no index over the secrets' hashes is needed: it held
-- one random key per invitation, and a bulk file of 2,000 rows rewrote most of its
-- pages (a cost that grew with the tenant). Links sent before this version carry the
-- secret alone (`link_version` 1); a partial index keeps finding them by the hash, and
-- holds nothing else. Renewing an invitation gives it a link of the new kind.
ALTER TABLE invitations DROP CONSTRAINT invitations_secret_hash_key;
ALTER TABLE invitations ADD COLUMN link_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE invitations ALTER COLUMN link_version SET DEFAULT 2;
CREATE UNIQUE INDEX invitations_v1_link ON invitations (secret_hash) WHERE link_version = 1;
