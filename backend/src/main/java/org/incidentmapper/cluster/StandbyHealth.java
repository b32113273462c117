package org.incidentmapper.cluster;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code standby} part of {@code /actuator/health}, and the periodic check that sends reads back to the standby
 * once it answers again. UP: reads go to the standby; DEGRADED (still HTTP 200, since the app works on the primary
 * alone): a standby is configured but unusable; UP with {@code standby: none} when none is configured.
 */
@Component("standby")
class StandbyHealth implements HealthIndicator, DisposableBean {

    static final Status DEGRADED = new Status("DEGRADED");

    private final ReplicaRouting routing;
    private final String url;

    StandbyHealth(DataSource dataSource, @Value("${mapper.replica.url:}") String url) throws SQLException {
        this.routing = dataSource.isWrapperFor(ReplicaRouting.class) ? dataSource.unwrap(ReplicaRouting.class) : null;
        this.url = url;
    }

    @Scheduled(fixedDelayString = "${mapper.replica.check-interval:2s}")
    void check() {
        if (routing != null) {
            routing.check();
        }
    }

    @Override
    public Health health() {
        if (routing == null) {
            return Health.up().withDetail("standby", "none").build();
        }
        return (routing.replicaUsable() ? Health.up().withDetail("reads", "standby")
                : Health.status(DEGRADED).withDetail("reads", "primary")).withDetail("standby", url).build();
    }

    @Override
    public void destroy() {
        if (routing != null) {
            routing.close();
        }
    }
}
