package dev.threadleak.agent.channel;

import dev.threadleak.report.KnownThreads;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.report.Frame;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.SiteCount;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts every live thread by creation site, running or waiting, young or old: the table that
 * {@code threadleak watch} redraws and {@code threadleak diff} compares. It passes over the same
 * threads the reports pass over (the JVM's own, ours and {@code exclude}d ones), and costs one
 * pass over the registry with no stack taken, so it can be asked for every second.
 */
final class LiveSites {

    private final ThreadRegistry registry;
    private final List<Pattern> exclude;

    LiveSites(ThreadRegistry registry, List<Pattern> exclude) {
        this.registry = registry;
        this.exclude = exclude;
    }

    List<SiteCount> count() {
        return count(registry.liveThreads());
    }

    /** The same, of {@code live} (the registry's {@link ThreadRegistry#liveThreads()}): a report's own listing. */
    List<SiteCount> count(List<Map.Entry<Thread, ThreadRecord>> live) {
        Map<Key, long[]> counts = new HashMap<>();
        long preExistingPlatform = 0;
        long preExistingVirtual = 0;
        for (Map.Entry<Thread, ThreadRecord> e : live) {
            Thread t = e.getKey();
            if (KnownThreads.isKnown(t) || excluded(t)) {
                continue;
            }
            ThreadRecord r = e.getValue();
            if (r.preExisting()) { // no site and no creator: all of a kind count as one, without a key each
                if (r.virtual()) {
                    preExistingVirtual++;
                } else {
                    preExistingPlatform++;
                }
                continue;
            }
            List<Frame> site = r.createdAt(registry.sites());
            // without a captured stack, the creator is the best site we have
            ThreadRef creator = site.isEmpty() ? r.createdBy() : null;
            Key key = new Key(r.virtual() ? LeakKind.VIRTUAL_THREAD : LeakKind.THREAD, site, creator, r.preExisting());
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
        }
        addPreExisting(counts, LeakKind.THREAD, preExistingPlatform);
        addPreExisting(counts, LeakKind.VIRTUAL_THREAD, preExistingVirtual);
        List<SiteCount> result = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> result.add(new SiteCount(k.kind(), k.site(), k.creator(), k.preExisting(), n[0])));
        result.sort(Comparator.comparingLong(SiteCount::live).reversed());
        return result;
    }

    private static void addPreExisting(Map<Key, long[]> counts, LeakKind kind, long live) {
        if (live > 0) {
            counts.put(new Key(kind, List.of(), null, true), new long[] {live});
        }
    }

    private boolean excluded(Thread t) {
        for (Pattern p : exclude) {
            if (p.matcher(t.getName()).matches()) {
                return true;
            }
        }
        return false;
    }

    private record Key(LeakKind kind, List<Frame> site, ThreadRef creator, boolean preExisting) {
    }
}
