package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** The start-up warm-up reaches every connection the pool may hand out and streams both Feature shapes. */
@MapperIntegrationTest
class StreamWarmUpTest {

    @Autowired
    StreamWarmUp warmUp;
    @Value("${spring.datasource.hikari.maximum-pool-size:10}")
    int poolSize;

    @Test
    void everyPooledConnectionRunsPostgisAndBothShapesAreStreamed() {
        StreamWarmUp.Report report = warmUp.run();
        assertThat(report.connections()).isEqualTo(poolSize);
        assertThat(report.streams()).isEqualTo(6);
    }
}
