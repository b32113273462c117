-- "How sure we are" (issue 14, point 3): every source of an incident rated with the Admiralty (NATO) system, and
-- one rule, admiralty_best, that turns the ratings of an item's sources into its best-supported rating. Site states
-- and relocations (site/) use the same two columns and the same function. README "How sure we are (ratings)".

-- Source reliability: how far the outlet has been right before.
--   A completely reliable · B usually reliable · C fairly reliable · D not usually reliable · E unreliable ·
--   F reliability cannot be judged
-- Information credibility: how far this report is borne out.
--   1 confirmed by other sources · 2 probably true · 3 possibly true · 4 doubtful · 5 improbable ·
--   6 truth cannot be judged
-- Both nullable: NULL is "not rated yet" (every source before this migration).
ALTER TABLE incident_source
    ADD COLUMN reliability text CONSTRAINT incident_source_reliability_a_to_f
        CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    ADD COLUMN credibility smallint CONSTRAINT incident_source_credibility_1_to_6
        CHECK (credibility BETWEEN 1 AND 6);

-- Viewers see ratings: a grade says how far an outlet and a report are trusted, nothing about where the incident
-- is or who is in it; a viewer deciding how much to believe a dot needs exactly this. The outlet is shown to them
-- already, so the incident's rating is derived only from values a viewer sees (no hidden value leaks through it).
INSERT INTO generalised_column (relation, column_name, decision, viewer_expression, reason) VALUES
    ('incident_source', 'reliability', 'pass', NULL,
        'how far the outlet is trusted: locates nothing, and the incident rating a viewer sees is made from it'),
    ('incident_source', 'credibility', 'pass', NULL,
        'how far the report is borne out: locates nothing, and the incident rating a viewer sees is made from it');

/*
 * The best-supported Admiralty rating of one item (an incident, a site state, a relocation) from its sources, given
 * as three arrays of equal length, one element per source: reliability (A–F or NULL), credibility (1–6 or NULL),
 * outlet. Answers e.g. 'B2'; NULL when there is no source.
 *
 * The rule:
 *   1. An unrated source counts as F (reliability cannot be judged) and 6 (truth cannot be judged).
 *   2. Corroboration: a source *supports* the report unless it is rated doubtful (4) or improbable (5). When two or
 *      more distinct outlets (compared trimmed and case-insensitively) support it, each supporting source counts as
 *      credibility 1, "confirmed by other sources" — which is what grade 1 means.
 *   3. The rating is the best (lowest) credibility any source then has, paired with the most reliable (earliest
 *      letter) source that has it. Reliability and credibility are never taken from two different sources: "B2"
 *      always means one B source whose report is probably true, or a B outlet among independent ones that agree.
 *
 * So an item is *confirmed* (credibility 1 or 2) exactly when it does not rest on an unconfirmed single source:
 * either two distinct outlets support it, or some source was judged confirmed/probably true. Filters
 * (confirmed=true, minRating, reliability, credibility) read this one answer (IncidentFilter).
 *
 * Pure (no table read) so it can serve any table of sources; callers pass array_agg(...) of their own rows.
 */
CREATE FUNCTION admiralty_best(reliability text[], credibility smallint[], outlet text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = public, pg_temp
AS $$
    WITH src AS (
        SELECT coalesce(u.r, 'F') AS r, coalesce(u.c, 6) AS c, lower(btrim(u.o)) AS o,
               coalesce(u.c, 0) NOT IN (4, 5) AS supports
        FROM unnest(reliability, credibility, outlet) AS u(r, c, o)
    ), corroborated AS (
        SELECT count(DISTINCT o) FILTER (WHERE supports) >= 2 AS yes FROM src
    )
    SELECT s.r || CASE WHEN s.supports AND k.yes THEN 1 ELSE s.c END
    FROM src s CROSS JOIN corroborated k
    ORDER BY CASE WHEN s.supports AND k.yes THEN 1 ELSE s.c END, s.r
    LIMIT 1
$$;
