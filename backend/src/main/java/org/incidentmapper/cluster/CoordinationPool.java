package org.incidentmapper.cluster;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.session.jdbc.config.annotation.SpringSessionTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A small pool of its own to the primary ({@code spring.datasource.*}), for sessions and advisory locks.
 *
 * <p>Why not the app's pool: its connections are set to the caller's visibility (a viewer's cannot read the
 * session table, by design) and read-only requests are routed to the standby, where a session written a moment ago
 * on another instance may not have arrived. Both beans are not default candidates, so the app's own DataSource and
 * transaction manager are still the auto-configured ones. {@code mapper.cluster.coordination-pool-size} (default 6)
 * must exceed {@code mapper.export.max-concurrent}, since each running export holds one connection for its slot.
 */
@Configuration
@EnableScheduling
class CoordinationPool {

    @Bean(defaultCandidate = false, destroyMethod = "close")
    @Coordination
    @SpringSessionDataSource
    HikariDataSource coordinationDataSource(@Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username:}") String username,
            @Value("${spring.datasource.password:}") String password,
            @Value("${mapper.cluster.coordination-pool-size:6}") int size,
            @Value("${spring.datasource.hikari.connection-timeout:30000}") long connectionTimeoutMillis) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("coordination");
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(size);
        pool.setMinimumIdle(1);
        // as bounded as the app's pool, so an outage is a prompt 503 for session callers too
        pool.setConnectionTimeout(connectionTimeoutMillis);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    @Bean(defaultCandidate = false)
    @SpringSessionTransactionManager
    PlatformTransactionManager sessionTransactionManager(@Coordination DataSource coordination) {
        return new DataSourceTransactionManager(coordination);
    }
}
