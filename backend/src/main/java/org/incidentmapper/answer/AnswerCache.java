package org.incidentmapper.answer;

import java.time.LocalDate;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.security.Visibility;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers of the aggregate endpoints (provinces, timeline, spread, categories) and of text searches, kept
 * until the data changes; concurrent requests for an answer not yet kept wait for one computation of it. Exact
 * invalidation, no time-to-live: every entry is keyed on the data version (V80, shared with the tiles' ETags),
 * which every write that could change an answer bumps in its own transaction, and on today's date (open windows
 * and running incidents end today). The version is read before the answer is computed, so an answer is never
 * filed under a version newer than the data it saw; an entry filed under an older version is never read again
 * (the first request that sees a newer version drops every older entry; one that sees an older version or a new
 * data_version table, after a restore, drops everything).
 *
 * <p>Every entry is keyed on the caller's {@link Visibility} too, so an analyst's answer is never given to a viewer
 * (it may count hidden values) nor a viewer's to an analyst (it is generalised): one request's answer is only ever
 * shared with callers who would have been given the same answer. Memory is bounded by
 * {@code mapper.api.answer-cache-mb} (least recently used entries go first; an answer over a quarter of it is not
 * kept); 0 turns the cache off.
 */
@Component
public class AnswerCache {

    private final JdbcClient jdbc;
    private final long capacity;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    /** Answers being computed now, so concurrent requests for one of them wait for it instead of computing it too. */
    private final Map<String, CompletableFuture<Object>> computing = new HashMap<>();
    private long bytes;
    private long newestVersion;
    private volatile long table;
    private long hits;
    private long misses;

    AnswerCache(JdbcClient jdbc, @Value("${mapper.api.answer-cache-mb:64}") long megabytes) {
        this.jdbc = jdbc;
        this.capacity = megabytes * 1024 * 1024;
    }

    /** A string answer; its size is its length in UTF-16 chars. */
    public String get(String endpoint, String request, Supplier<String> compute) {
        return get(endpoint, request, compute, s -> 2L * s.length() + 64);
    }

    /**
     * The answer to {@code request} of {@code endpoint} (both together name it fully: the normalised filter and
     * every other parameter the answer depends on), from memory when the data has not changed since it was
     * computed, else from {@code compute} (kept for the next caller). {@code size} estimates an answer's bytes.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String endpoint, String request, Supplier<T> compute, ToLongFunction<T> size) {
        if (capacity <= 0) {
            return compute.get();
        }
        Visibility visibility = Visibility.current();
        // the table's own id too: a restore that recreates it (./mapper restore) starts its numbers again
        long[] read = jdbc.sql("SELECT CAST(CAST('data_version' AS regclass) AS oid), version FROM data_version")
                .query((row, n) -> new long[] {row.getLong(1), row.getLong(2)}).single();
        if (read[0] != table) {
            synchronized (this) {
                if (read[0] != table) {
                    entries.clear();
                    bytes = 0;
                    newestVersion = 0;
                    table = read[0];
                }
            }
        }
        long version = read[1];
        // the database's date bounds open windows of timelines and extents, the JVM's the empty timeline
        String key = visibility + "|" + read[0] + ":" + version + "|" + LocalDate.now() + "|" + endpoint + "|" + request;
        CompletableFuture<Object> running;
        CompletableFuture<Object> mine = new CompletableFuture<>();
        synchronized (this) {
            dropOlderThan(version);
            Entry entry = entries.get(key);
            if (entry != null) {
                hits++;
                return (T) entry.answer();
            }
            running = computing.putIfAbsent(key, mine);
            if (running == null) {
                misses++;
            } else {
                hits++;
            }
        }
        if (running != null) {
            // the same question at the same version is being answered: share that answer (a failure there is
            // computed again here, so each caller gets its own error)
            try {
                return (T) running.join();
            } catch (CompletionException | CancellationException e) {
                return compute.get();
            }
        }
        T answer;
        try {
            answer = compute.get();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                computing.remove(key);
            }
            mine.completeExceptionally(e);
            throw e;
        }
        long weight = size.applyAsLong(answer) + key.length() * 2L;
        synchronized (this) {
            computing.remove(key);
            mine.complete(answer);
            if (version >= newestVersion && weight <= capacity / 4 && !entries.containsKey(key)) {
                entries.put(key, new Entry(version, answer, weight));
                bytes += weight;
                Iterator<Entry> eldest = entries.values().iterator();
                while (bytes > capacity && eldest.hasNext()) {
                    bytes -= eldest.next().bytes();
                    eldest.remove();
                }
            }
        }
        return answer;
    }

    private void dropOlderThan(long version) {
        if (version < newestVersion) { // the database went back (a restore): nothing kept is known to be current
            entries.clear();
            bytes = 0;
            newestVersion = version;
            return;
        }
        if (version == newestVersion) {
            return;
        }
        newestVersion = version;
        entries.values().removeIf(e -> e.version() < version);
        bytes = entries.values().stream().mapToLong(Entry::bytes).sum();
    }

    /** Forgets every answer (tests compare a kept answer with a fresh one). */
    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    /** Requests answered from memory (or by waiting for the same computation) and requests computed, since start. */
    public synchronized long[] hitsAndMisses() {
        return new long[] {hits, misses};
    }

    /**
     * {@code filter} as a key: the same text for every request that selects the same incidents (lists and sets in
     * sorted order, since the SQL reads them as sets).
     */
    public static String key(IncidentFilter filter) {
        return "bbox=" + filter.bbox() + "&from=" + filter.from() + "&to=" + filter.to() + "&category="
                + sorted(filter.categories()) + "&province=" + sorted(filter.provinces()) + "&country="
                + sorted(filter.countries()) + "&reliability=" + sorted(filter.rating().reliabilities())
                + "&credibility=" + sorted(filter.rating().credibilities())
                // last and with its length, so no text of q can read as other parameters
                + "&q=" + (filter.q() == null ? "none" : filter.q().length() + ":" + filter.q());
    }

    /** null (no condition) stays apart from an empty set (nothing accepted). */
    private static String sorted(Collection<String> values) {
        return values == null ? "any" : new TreeSet<>(values).toString();
    }

    private record Entry(long version, Object answer, long bytes) {
    }
}
