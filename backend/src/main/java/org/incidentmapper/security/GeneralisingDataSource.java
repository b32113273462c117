package org.incidentmapper.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Sets every connection the app takes from the pool to the caller's {@link Visibility} before it is used, so a
 * viewer's query of {@code incident} reads the generalised view, and the table itself is out of its reach: a new
 * endpoint cannot forget to generalise.
 */
class GeneralisingDataSource extends DelegatingDataSource {

    private final int minCount;
    private final Supplier<Visibility> visibility;

    GeneralisingDataSource(DataSource target, int minCount, Supplier<Visibility> visibility) {
        super(target);
        this.minCount = minCount;
        this.visibility = visibility;
    }

    /**
     * The same pool, but every connection set to full access: for the security layer itself, which reads accounts
     * before it knows the caller. (Pooled connections keep the last caller's setting, so it must be reset too.)
     */
    static DataSource asApp(DataSource dataSource) {
        return dataSource instanceof GeneralisingDataSource g
                ? new GeneralisingDataSource(g.getTargetDataSource(), g.minCount, () -> Visibility.FULL) : dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return prepare(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return prepare(super.getConnection(username, password));
    }

    private Connection prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(visibility.get().sessionSql(minCount));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Wraps the app's DataSource bean; {@code mapper.security.min-count} is the aggregate threshold (default 11). */
    @Component
    static class Wrapper implements BeanPostProcessor, EnvironmentAware {
        private int minCount = 11;

        @Override
        public void setEnvironment(Environment environment) {
            minCount = environment.getProperty("mapper.security.min-count", Integer.class, 11);
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof DataSource ds && !(bean instanceof GeneralisingDataSource)
                    && "dataSource".equals(beanName) ? new GeneralisingDataSource(ds, minCount, Visibility::current) : bean;
        }
    }
}
