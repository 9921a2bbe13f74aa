-- Issue 16. An idempotency key is the browser's name for one response to one survey: unique per survey, so a key
-- reused on another survey is stored there instead of being answered with the first survey's receipt.
alter table response drop constraint response_idempotency_key_key;
alter table response add constraint response_survey_idempotency_key unique (survey_id, idempotency_key);

-- The receipt shown to a respondent: a random code (12 characters of an alphabet without 0/O and 1/I/L), not the
-- row id, which would tell anyone how many responses came before. Responses stored before get one too.
alter table response add column receipt text;
update response r set receipt = c.code
from (select x.id,
             (select string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', get_byte(x.h, i) % 31 + 1, 1)
                                || case when i in (3, 7) then '-' else '' end, '' order by i)
              from generate_series(0, 11) as i) as code
      from (select id, sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())) as h from response) x) c
where r.id = c.id;
create unique index response_receipt on response (receipt);

-- SMS codes are counted per number, per network and per survey and China calendar day: when each was sent, and
-- from which network (its salted hash, like the response's).
alter table sms_challenge add column sent_at timestamptz;
alter table sms_challenge add column network_hash text;
update sms_challenge set sent_at = expires_at - interval '10 minutes';
alter table sms_challenge alter column sent_at set not null;
create index sms_challenge_phone_sent on sms_challenge (phone_hash, sent_at);
create index sms_challenge_network_sent on sms_challenge (network_hash, sent_at) where network_hash is not null;
create index sms_challenge_survey_sent on sms_challenge (survey_id, sent_at);
