package dev.threadleak.cli;

import dev.threadleak.report.Baseline;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ProofNotes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leaks of a baseline report ({@code check --baseline FILE}), to which a live report is
 * compared so that a team can ratchet leaks down. The rule, also in README.md:
 * <ul>
 *   <li>Leaks match by kind and creation site, counting members: a group of 7 is 7 leaks.</li>
 *   <li>A creation site is {@link CreationSite}'s (the creation stack from its top down to the
 *       first frame outside the JDK), compared by class and method only: line numbers move with
 *       every edit of a file, and a known leak must stay known.</li>
 *   <li>Leaks without a creation stack match the others of their kind without one; those that
 *       started before the agent, the others of their kind that did.</li>
 *   <li>The verdict does not matter: a SUSPECT that became LEAKED is the same leak.</li>
 * </ul>
 * A site has grown when it has more leaks now than the baseline had there; what it has beyond
 * them is new, and one new leak makes {@code check} exit 1.
 */
final class KnownLeaks {

    /** How a leak matches a baseline's. */
    private record Key(LeakKind kind, boolean preExisting, List<String> methods) {

        static Key of(Leak leak) {
            List<String> methods = new ArrayList<>();
            for (Frame frame : site(leak).frames()) {
                methods.add(frame.qualifiedMethod());
            }
            return new Key(leak.kind(), leak.preExisting(), methods);
        }
    }

    /** The comparison as the report carries it, and the live leaks at the sites that grew. */
    record Comparison(Baseline baseline, List<Leak> atGrownSites) {
    }

    private final String file;
    private final Map<Key, Long> known = new HashMap<>();
    private final long total;
    private final boolean proven;

    private KnownLeaks(Path file, LeakReport baseline) {
        this.file = file.toString();
        this.proven = ProofNotes.judgedWithTheProof(baseline.notes());
        for (Leak leak : baseline.leaks()) {
            known.merge(Key.of(leak), (long) leak.count(), Long::sum);
        }
        this.total = baseline.leakCount();
    }

    static KnownLeaks of(Path file, LeakReport baseline) {
        return new KnownLeaks(file, baseline);
    }

    Comparison compare(LeakReport live) {
        Map<Key, List<Leak>> now = new LinkedHashMap<>();
        for (Leak leak : live.leaks()) {
            now.computeIfAbsent(Key.of(leak), k -> new ArrayList<>()).add(leak);
        }
        List<Baseline.Site> grown = new ArrayList<>();
        List<Leak> atGrownSites = new ArrayList<>();
        long beyond = 0;
        for (Map.Entry<Key, List<Leak>> site : now.entrySet()) {
            long count = site.getValue().stream().mapToLong(Leak::count).sum();
            long knew = known.getOrDefault(site.getKey(), 0L);
            if (count > knew) {
                Leak first = site.getValue().get(0);
                grown.add(new Baseline.Site(first.kind(), site(first).frames(), knew, count));
                atGrownSites.addAll(site.getValue());
                beyond += count - knew;
            }
        }
        grown.sort((a, b) -> Long.compare(b.now() - b.known(), a.now() - a.known()));
        return new Comparison(new Baseline(file, total, live.leakCount(), beyond, grown), atGrownSites);
    }

    /**
     * A note when {@code live} and the baseline were judged one with the heap proof and one
     * without, or null: the proof leaves out the waits it finds still served, which the other
     * counts, so the two count different things at the same sites (a server's idle pipeline).
     */
    String proofMismatch(LeakReport live) {
        boolean liveProven = ProofNotes.judgedWithTheProof(live.notes());
        if (liveProven == proven) {
            return null;
        }
        String baseline = "the baseline `" + file + "`";
        return proven
                ? baseline + " was judged with the heap proof (--prove) and this check without it: waits the proof"
                    + " found still served were left out of the baseline and count here; give --prove to compare like"
                    + " with like"
                : "this check was judged with the heap proof (--prove) and " + baseline + " without it: suspects the"
                    + " baseline knows may be waits the proof leaves out here, so a new leak at their sites can pass as"
                    + " known; make the baseline with --prove";
    }

    private static CreationSite site(Leak leak) {
        return CreationSite.of(leak.kind(), leak.createdAt(), null, leak.preExisting());
    }
}
