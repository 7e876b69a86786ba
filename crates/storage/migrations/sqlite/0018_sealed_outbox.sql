-- Email bodies carry live secrets (redemption links, sign-in codes), so new messages
-- store them sealed with the master key; `sealed` says which rows do. Rows queued
-- before stay plaintext (0) and are delivered as they are. A body is emptied once its
-- message is sent or given up, so the bodies of messages already past that are
-- emptied here.
ALTER TABLE outbox ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET text_body = '', html_body = NULL
    WHERE status IN ('sent', 'failed') AND (text_body <> '' OR html_body IS NOT NULL);
