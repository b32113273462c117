package org.incidentmapper.mapcluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers of the grid summary (V74) by request, valid for one version of it ({@code incident_grid_version}, V75,
 * which every change of the summary changes in the writing transaction). An answer is stored under the version read
 * in the same statement as the answer, and found only while that version is still the one just read, so a cached
 * answer is always the answer a fresh query would give; a newer version empties the cache. Least recently used
 * answers go first; an answer longer than {@link #LONGEST} characters is not kept.
 */
final class SummaryCache {

    static final int LONGEST = 64 * 1024;

    private final int capacity;
    private final Map<String, String> answers;
    private long version = Long.MIN_VALUE;

    SummaryCache(int capacity) {
        this.capacity = capacity;
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > SummaryCache.this.capacity;
            }
        };
    }

    boolean enabled() {
        return capacity > 0;
    }

    /** The answer to {@code request} at summary version {@code current}, or null. */
    synchronized String get(long current, String request) {
        return current == version ? answers.get(request) : null;
    }

    /** Keeps {@code answer}, read together with {@code version}; an older version's answer is dropped. */
    synchronized void put(long answerVersion, String request, String answer) {
        if (answerVersion > version) {
            answers.clear();
            version = answerVersion;
        }
        if (answerVersion == version && answer.length() <= LONGEST) {
            answers.put(request, answer);
        }
    }
}
