package org.incidentmapper.postgis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What the private cluster's superuser does, and all it does: the app's login role {@value PrivatePostgis#APP_ROLE}
 * without any privilege beyond owning its database, the NOLOGIN roles the app switches to, the database owned by the
 * app role, and the extensions only a superuser may create. Idempotent; run at every start, so a cluster made by an
 * earlier version (whose objects the superuser owned) is handed over to the app role.
 */
final class Provisioning {

    /** Extensions the migrations use; postgis needs a superuser, the others are created here for symmetry. */
    private static final String[] EXTENSIONS = {"postgis", "unaccent", "pg_trgm"};

    private final PrivatePostgis cluster;
    private final String database;

    Provisioning(PrivatePostgis cluster, String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + database);
        }
        this.cluster = cluster;
        this.database = database;
    }

    void run() {
        String app = PrivatePostgis.APP_ROLE;
        String password = cluster.appPassword();
        if (!password.matches("[0-9a-f]{16,}")) {
            throw new IllegalStateException("the app password file must hold a hex secret");
        }
        try (Connection c = asSuperuser("postgres"); Statement s = c.createStatement()) {
            s.execute("""
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN CREATE ROLE %1$s LOGIN; END IF;
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mapper_generalised') THEN
                            CREATE ROLE mapper_generalised NOLOGIN;
                        END IF;
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mapper_staging') THEN
                            CREATE ROLE mapper_staging NOLOGIN;
                        END IF;
                    END $$""".formatted(app));
            s.execute("ALTER ROLE " + app + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                    + "INHERIT PASSWORD '" + password + "'");
            for (String role : PrivatePostgis.APP_MEMBER_OF) {
                s.execute("GRANT " + role + " TO " + app);
            }
            for (String role : new String[] {"pg_read_server_files", "pg_write_server_files",
                    "pg_execute_server_program", "pg_read_all_data", "pg_write_all_data"}) {
                s.execute("REVOKE " + role + " FROM " + app);
            }
            var exists = c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?");
            exists.setString(1, database);
            var owner = exists.executeQuery();
            if (!owner.next()) {
                s.execute("CREATE DATABASE " + database + " OWNER " + app);
            } else if (!owner.getString(1).equals(app)) {
                s.execute("ALTER DATABASE " + database + " OWNER TO " + app);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot provision roles and database " + database + " in "
                    + cluster.dataDir(), e);
        }
        try (Connection c = asSuperuser(database); Statement s = c.createStatement()) {
            for (String extension : EXTENSIONS) {
                s.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " SCHEMA public");
            }
            s.execute(handOver(app));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot provision database " + database + " in " + cluster.dataDir(), e);
        }
    }

    /**
     * Gives the app role every object the superuser owns in the app's schemas, except the extensions' own: what an
     * earlier version of the app created while it still connected as the superuser.
     */
    private static String handOver(String app) {
        return """
                DO $$
                DECLARE
                    statement text;
                BEGIN
                    FOR statement IN
                        SELECT format('ALTER SCHEMA %%I OWNER TO %1$s', nspname) FROM pg_namespace
                         WHERE nspname IN ('public', 'generalised') AND nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                        UNION ALL
                        SELECT format('ALTER %%s %%s OWNER TO %1$s',
                                      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                                     WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass)
                          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname IN ('public', 'generalised') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                           AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                              AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
                        UNION ALL
                        SELECT format('ALTER ROUTINE %%s OWNER TO %1$s', p.oid::regprocedure)
                          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname IN ('public', 'generalised')
                           AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                              AND d.objid = p.oid AND d.deptype = 'e')
                        UNION ALL
                        SELECT format('ALTER DOMAIN %%s OWNER TO %1$s', t.oid::regtype)
                          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                         WHERE n.nspname IN ('public', 'generalised') AND t.typtype = 'd'
                           AND t.typowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                                              AND d.objid = t.oid AND d.deptype = 'e')
                    LOOP
                        EXECUTE statement;
                    END LOOP;
                END $$""".formatted(app);
    }

    private Connection asSuperuser(String db) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", PrivatePostgis.SUPERUSER);
        credentials.setProperty("password", cluster.superuserPassword());
        return DriverManager.getConnection(cluster.jdbcUrl(db), credentials);
    }
}
