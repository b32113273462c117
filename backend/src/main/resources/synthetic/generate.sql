-- One batch of synthetic incidents, written set-based inside PostgreSQL (no rows cross the wire).
-- Bound values: :run (the run's marker), :first (number of the batch's first incident in the run), :n (batch size).
-- Each incident lies near a real town or border crossing of the gazetteer (aliases of precision 'town'), weighted
-- towards the places the reports name most; dates fall in 2016-01-01 .. 2025-12-31; every category occurs,
-- hospital admissions are sensitive; titles name the place in one of its scripts (Latin, Khmer, Thai, Chinese,
-- Burmese, Lao), so text search is exercised in all of them. external_id 'synthetic:<run>:<n>' marks every row.
WITH town AS (
    SELECT t.*, sum(weight) OVER (ORDER BY place_key) - weight AS lo, sum(weight) OVER (ORDER BY place_key) AS hi
    FROM (SELECT DISTINCT ON (g.place_key) g.place_key, g.display_name, g.country, g.geom,
                 (SELECT array_agg(a.name ORDER BY a.id) FROM gazetteer_place a WHERE a.place_key = g.place_key) AS names,
                 CASE g.place_key WHEN 'sihanoukville' THEN 12 WHEN 'phnom_penh' THEN 10 WHEN 'bavet' THEN 6
                      WHEN 'poipet' THEN 6 WHEN 'myawaddy' THEN 6 WHEN 'shwe_kokko' THEN 3 WHEN 'kk_park' THEN 3
                      ELSE 1 END AS weight
          FROM gazetteer_place g
          WHERE g.source = 'alias' AND g.precision = 'town'
          ORDER BY g.place_key, g.id) t
), total AS (
    SELECT max(hi) AS w FROM town
), draw AS (
    SELECT s, random() * (SELECT w FROM total) AS pick, random() AS c, random() AS r1, random() AS r2,
           random() AS r3, random() AS r4, random() AS r5
    FROM generate_series(:first, :first + :n - 1) AS s
), shaped AS (
    SELECT d.s, t.place_key, t.display_name, t.country, t.names,
           -- a category by weight: 20% compounds, 8% hospital admissions, 5% border towns, 37% raids, 30% rescues
           CASE WHEN d.c < 0.20 THEN 'compound' WHEN d.c < 0.28 THEN 'hospital_admission'
                WHEN d.c < 0.33 THEN 'border_town' WHEN d.c < 0.70 THEN 'raid' ELSE 'rescue' END AS category,
           -- scattered around the town: a sum of uniforms is roughly normal, sd about 0.04° (4 km)
           ST_SetSRID(ST_MakePoint(ST_X(t.geom) + (d.r1 + d.r2 + d.r3 - 1.5) * 0.08,
                                   ST_Y(t.geom) + (d.r2 - d.r3 + d.r4 - 0.5) * 0.08), 4326) AS geom,
           DATE '2016-01-01' + floor(d.r5 * 3653)::int AS day, d.r1, d.r4
    FROM draw d JOIN town t ON d.pick >= t.lo AND d.pick < t.hi
), incidents AS (
    INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision, geom,
                          location_name, location_precision, country, victims_count, victim_nationalities, status,
                          sensitive, created_by, content_hash)
    SELECT 'synthetic:' || :run || ':' || s, category,
           initcap(replace(category, '_', ' ')) || ' — ' || names[1 + (s % cardinality(names))] || ' #' || s,
           'Synthetic incident ' || s || ' near ' || display_name || ' (' || names[1 + ((s / 7) % cardinality(names))]
               || '), generated for load tests.',
           CASE WHEN s % 10 = 0 THEN date_trunc('month', day)::date ELSE day END,
           CASE WHEN category IN ('compound', 'border_town')
                THEN CASE WHEN r4 < 0.15 THEN NULL ELSE day + 30 + floor(r1 * 1500)::int END
                WHEN s % 10 = 0 THEN (date_trunc('month', day) + INTERVAL '1 month' - INTERVAL '1 day')::date
                ELSE day END,
           CASE WHEN s % 10 = 0 THEN 'month' ELSE 'day' END,
           geom, display_name, 'approximate', country,
           CASE WHEN category IN ('hospital_admission', 'rescue', 'raid') THEN floor(r1 * 60)::int END,
           CASE WHEN category IN ('hospital_admission', 'rescue') THEN ARRAY['CHN', 'IDN', 'VNM']::char(3)[]
                ELSE '{}'::char(3)[] END,
           (ARRAY['reported', 'verified', 'disputed'])[1 + s % 3],
           category = 'hospital_admission', 'generate', NULL
    FROM shaped
    RETURNING id, start_date
)
INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
SELECT i.id, p, (ARRAY['Khmer Times', 'VOD English', 'Radio Free Asia', 'The Irrawaddy', 'Bangkok Post'])[1 + (i.id + p) % 5],
       'https://example.org/synthetic/' || i.id || '/' || p, i.start_date + p, (ARRAY['en', 'km', 'zh', 'th'])[1 + (i.id + p) % 4]
FROM incidents i CROSS JOIN LATERAL generate_series(1, 1 + (i.id % 2)::int) AS p
