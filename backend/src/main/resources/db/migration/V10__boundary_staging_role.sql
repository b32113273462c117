-- Boundary uploads are loaded into their staging table as this NOLOGIN role, which is granted INSERT on each staging
-- table and nothing else (BoundaryStaging). The private cluster's superuser creates it and grants it to the app role
-- (Provisioning); on an external PostgreSQL a DBA runs, before the first start:
--   CREATE ROLE mapper_staging NOLOGIN; GRANT mapper_staging TO <app user>;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mapper_staging') THEN
        CREATE ROLE mapper_staging NOLOGIN;
    END IF;
    IF NOT pg_has_role(current_user, 'mapper_staging', 'MEMBER') THEN
        GRANT mapper_staging TO CURRENT_USER;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'the role mapper_staging is missing or not granted to %', current_user
        USING HINT = format('A DBA runs: CREATE ROLE mapper_staging NOLOGIN; GRANT mapper_staging TO %I;', current_user);
END $$;
