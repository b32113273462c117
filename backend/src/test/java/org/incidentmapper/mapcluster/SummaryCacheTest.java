package org.incidentmapper.mapcluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A cached answer is found only at the version it was read with; a newer version drops the older answers. */
class SummaryCacheTest {

    @Test
    void answersLiveForOneVersion() {
        SummaryCache cache = new SummaryCache(2);
        cache.put(5, "a", "A5");
        assertThat(cache.get(5, "a")).isEqualTo("A5");
        assertThat(cache.get(6, "a")).as("a newer version read: the answer may be stale").isNull();
        assertThat(cache.get(4, "a")).as("an older version read (a lagging standby)").isNull();
        cache.put(4, "b", "B4");
        assertThat(cache.get(4, "b")).as("an older answer is not kept").isNull();
        cache.put(6, "b", "B6");
        assertThat(cache.get(5, "a")).isNull();
        assertThat(cache.get(6, "b")).isEqualTo("B6");
    }

    @Test
    void leastRecentlyUsedGoFirstAndLongAnswersAreNotKept() {
        SummaryCache cache = new SummaryCache(2);
        cache.put(1, "a", "A");
        cache.put(1, "b", "B");
        cache.get(1, "a");
        cache.put(1, "c", "C");
        assertThat(cache.get(1, "b")).isNull();
        assertThat(cache.get(1, "a")).isEqualTo("A");
        assertThat(cache.get(1, "c")).isEqualTo("C");
        cache.put(1, "long", "x".repeat(SummaryCache.LONGEST + 1));
        assertThat(cache.get(1, "long")).isNull();
        assertThat(new SummaryCache(0).enabled()).isFalse();
    }
}
