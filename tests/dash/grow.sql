-- tests/dash/grow.sql - makes the fixture store bigger for bench/serve.sh:
-- @COPIES@ copies of every document with its sentences, events and
-- mentions, each copy's dates moved back a day per copy and its countries
-- drawn from twenty, so the network, timelines and lists have real work.
-- Run after tests/dash/fixture.sql (bench/serve.sh replaces @COPIES@).
BEGIN;
CREATE TEMP TABLE k AS
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < @COPIES@)
SELECT n FROM c;
CREATE TEMP TABLE cc(i INTEGER PRIMARY KEY, code TEXT);
INSERT INTO cc VALUES (0,'USA'),(1,'CHN'),(2,'RUS'),(3,'UKR'),(4,'GBR'),(5,'FRA'),(6,'DEU'),
  (7,'JPN'),(8,'IND'),(9,'BRA'),(10,'IRN'),(11,'ISR'),(12,'TUR'),(13,'EGY'),(14,'KOR'),
  (15,'PRK'),(16,'PAK'),(17,'SAU'),(18,'ZAF'),(19,'MEX');
-- id offsets: copy n of row r gets id r + n * 1000
INSERT INTO stories (id, simhash, first_doc, created_at)
SELECT s.id + k.n * 1000, s.simhash, s.first_doc || '#' || k.n, s.created_at FROM stories s, k;
INSERT INTO documents (id, doc_key, url, source, title, date, content_hash, simhash, sh_band0,
  sh_band1, sh_band2, sh_band3, story_id, n_chars, n_events, origin, text, ingested_at)
SELECT d.id + k.n * 1000, d.doc_key || '#' || k.n, d.url, d.source, d.title,
  CAST(strftime('%Y%m%d', date(substr(d.date, 1, 4) || '-' || substr(d.date, 5, 2) || '-' ||
    substr(d.date, 7, 2), '-' || (k.n % 700) || ' days')) AS INTEGER),
  d.content_hash, d.simhash, 0, 0, 0, 0, d.story_id + k.n * 1000, d.n_chars, d.n_events,
  d.origin, d.text, d.ingested_at FROM documents d, k WHERE d.id < 1000;
INSERT INTO sentences (doc_id, sent, start_cp, end_cp, text)
SELECT s.doc_id + k.n * 1000, s.sent, s.start_cp, s.end_cp, s.text FROM sentences s, k
WHERE s.doc_id < 1000;
INSERT INTO events (id, event_key, story_id, date, src_code, src_country, src_sector, src_name,
  tgt_code, tgt_country, tgt_sector, tgt_name, cameo, cameo_base, cameo_root, plover, mode,
  context, quad, goldstein, num_mentions, num_sources, num_articles, first_doc_id, source_url,
  date_added)
SELECT e.id + k.n * 1000, e.event_key || '#' || k.n, e.story_id + k.n * 1000,
  (SELECT date FROM documents WHERE id = e.first_doc_id + k.n * 1000),
  a.code || e.src_sector, a.code, e.src_sector, e.src_name,
  b.code || e.tgt_sector, b.code, e.tgt_sector, e.tgt_name,
  e.cameo, e.cameo_base, e.cameo_root, e.plover, e.mode, e.context, e.quad, e.goldstein,
  1, 1, 1, e.first_doc_id + k.n * 1000, e.source_url, e.date_added
FROM events e, k
JOIN cc a ON a.i = (k.n * 7 + e.id) % 20
JOIN cc b ON b.i = (k.n * 7 + e.id + 1 + k.n % 19) % 20
WHERE e.id < 1000;
INSERT INTO mentions (id, event_id, doc_id, sent, zone, flags, src_text, src_start, src_end,
  tgt_text, tgt_start, tgt_end, trigger_text, trigger_start, trigger_end, rule)
SELECT m.id + k.n * 1000, m.event_id + k.n * 1000, m.doc_id + k.n * 1000, m.sent, m.zone,
  m.flags, m.src_text, m.src_start, m.src_end, m.tgt_text, m.tgt_start, m.tgt_end,
  m.trigger_text, m.trigger_start, m.trigger_end, m.rule FROM mentions m, k WHERE m.id < 1000;
COMMIT;
