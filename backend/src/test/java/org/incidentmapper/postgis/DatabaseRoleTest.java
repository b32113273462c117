package org.incidentmapper.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The app's own database connections are not a superuser's: the runtime role has none of the attributes or
 * memberships that reach the server's files or programs, and the attacks that needed them fail.
 */
@MapperIntegrationTest
class DatabaseRoleTest {

    private static final String REFUSED = "(?s).*(permission denied|must be superuser).*";

    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.username}")
    String username;
    @Value("${mapper.db.data-dir}")
    String dataDir;

    @Test
    void theRuntimeRoleHasNoPowerBeyondItsDatabase() {
        Map<String, Object> role = jdbc.sql("""
                SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,
                       pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') AS read_files,
                       pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') AS write_files,
                       pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') AS execute_program,
                       pg_has_role(current_user, 'pg_read_all_data', 'MEMBER') AS read_all,
                       (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS db_owner
                FROM pg_roles WHERE rolname = current_user""").query().singleRow();
        assertThat(role).containsEntry("name", "mapper_app").containsEntry("rolsuper", false)
                .containsEntry("rolcreaterole", false).containsEntry("rolcreatedb", false)
                .containsEntry("rolreplication", false).containsEntry("rolbypassrls", false)
                .containsEntry("read_files", false).containsEntry("write_files", false)
                .containsEntry("execute_program", false).containsEntry("read_all", false)
                .containsEntry("db_owner", "mapper_app");
        assertThat(username).isEqualTo("mapper_app");
    }

    @Test
    void theAppOwnsWhatItMigrated() {
        assertThat(jdbc.sql("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('public', 'generalised') AND c.relkind IN ('r', 'v')
                  AND pg_get_userbyid(c.relowner) <> current_user
                  AND c.relname NOT IN ('spatial_ref_sys', 'geography_columns', 'geometry_columns')""")
                .query(String.class).list()).isEmpty();
    }

    @Test
    void commandsAndFilesOfTheServerAreRefused() {
        Path marker = Path.of("/tmp/mapper-role-test-" + ProcessHandle.current().pid());
        assertThatThrownBy(() -> jdbc.sql("COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'").update())
                .rootCause().hasMessageMatching(REFUSED);
        assertThat(marker).doesNotExist();
        assertThatThrownBy(() -> jdbc.sql("SELECT pg_read_file('/etc/passwd')").query(String.class).single())
                .rootCause().hasMessageMatching(REFUSED);
        assertThatThrownBy(() -> jdbc.sql("COPY account TO '/tmp/accounts.csv'").update())
                .rootCause().hasMessageMatching(REFUSED);
        assertThatThrownBy(() -> jdbc.sql("CREATE ROLE intruder SUPERUSER").update())
                .rootCause().hasMessageMatching(REFUSED);
        assertThatThrownBy(() -> jdbc.sql("ALTER ROLE mapper_app SUPERUSER").update())
                .rootCause().hasMessageMatching(REFUSED);
    }

    @Test
    void theSuperuserPasswordIsInAFileOnlyItsOwnerReads() throws Exception {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        for (String suffix : new String[] {".password", ".app-password"}) {
            Path file = dir.resolveSibling(dir.getFileName() + suffix);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }
}
