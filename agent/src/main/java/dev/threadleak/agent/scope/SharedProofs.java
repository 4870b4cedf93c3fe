package dev.threadleak.agent.scope;

import dev.threadleak.agent.proof.ProvenWaits;
import dev.threadleak.api.Agent;
import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.Scope;
import dev.threadleak.report.BlockedOn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Heap proofs shared by the checks of several scopes ({@link Agent#sharingProofs}). A test class's
 * end checks again, one after another, what each of its tests left; each asked the heap on its
 * own, and Nacos's client tests paid 71 dumps of 6-9 s for one class. Here the first check that
 * needs a dump asks it about what every member holds then, and a later check takes its answers
 * where it would have asked nothing else and each wait it proves waits as it did then. Threads
 * that ended since do not matter: which static field holds a thing does not change as they end,
 * and what nothing reached then, nothing reaches now; a wait their end left unserved is still told
 * a leak, less surely than a new dump would ({@code LEAKED}, not {@code BLOCKED_FOREVER}). Asked
 * that none of a member's threads had ended, Nacos's class still paid a dump a test, 70, and asked
 * it of the check's own threads, 18: pools' idle workers end every few seconds there. A later
 * check that cannot take them dumps again, for every member, and that dump serves the rest.
 */
final class SharedProofs implements Agent.ProofSharing {

    private final List<LineageScope> members;
    private final FindingFilter filter;
    private volatile Shared last;

    /**
     * One shared proof: what it asked about ({@code subjects}), whether it proved waits, the waits
     * of the members' leaks when it ran, and the holder it counted.
     */
    private record Shared(List<String> subjects, ProvenWaits proof, boolean waits, Map<String, BlockedOn> waitsThen,
                          Object holder) {

        /**
         * Where {@code subjects} are among this proof's, or null where it cannot answer
         * {@code asking}'s check: a subject it was not asked about, another holder, or, where it
         * proves waits, a wait that it did not prove or that is on another channel since: what
         * the proof said of a thread (a timed wait only this thread's stack reaches) is of the wait
         * it was in then, and would be told of the one it is in now.
         */
        int[] answer(LineageScope asking, List<Finding> leaks, List<String> subjects, boolean proveWaits) {
            if (holder != asking.holder() || proveWaits && !waits) {
                return null;
            }
            for (Finding f : leaks) {
                // a provable wait is untimed, so on the same channel it is the same wait (LineageScope.sameWait)
                BlockedOn now = f.leak().blockedOn();
                if (proveWaits && now != null && !LineageScope.sameChannel(waitsThen.get(f.key()), now)) {
                    return null;
                }
            }
            int[] at = new int[subjects.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = this.subjects.indexOf(subjects.get(i));
                if (at[i] < 0) {
                    return null;
                }
            }
            return at;
        }
    }

    private SharedProofs(List<LineageScope> members, FindingFilter filter) {
        this.members = members;
        this.filter = filter;
    }

    /** Has the checks of {@code scopes} (those this agent made) share their proofs until closed. */
    static SharedProofs among(List<Scope> scopes, FindingFilter filter) {
        List<LineageScope> members = new ArrayList<>();
        for (Scope scope : scopes) {
            if (scope instanceof LineageScope lineage && !members.contains(lineage)) {
                members.add(lineage);
            }
        }
        SharedProofs proofs = new SharedProofs(List.copyOf(members), filter);
        for (LineageScope member : proofs.members) {
            member.share(proofs);
        }
        return proofs;
    }

    /**
     * The proof {@code asking}'s check wants, of {@code subjects} (for {@code leaks}) and, with
     * {@code waits}, of the waits: the last shared one's answers where they hold, else a new dump
     * asked about what every member holds now.
     */
    ProvenWaits prove(LineageScope asking, List<Finding> leaks, List<String> subjects, boolean waits) {
        Shared shared = last;
        int[] at = shared == null ? null : shared.answer(asking, leaks, subjects, waits);
        if (at != null) {
            return shared.proof().forSubjects(at);
        }
        Set<Long> own = new HashSet<>(); // the members' threads, which the proof's note counts as the scope's
        for (LineageScope member : members) {
            own.addAll(member.ownLiveIds());
        }
        own.addAll(LineageScope.threadIds(leaks));
        List<Finding> all = new ArrayList<>(leaks); // the asker's first: its code is named first of two holders
        for (LineageScope member : members) {
            if (member != asking) {
                List<Finding> candidates = member.candidates(filter);
                own.addAll(LineageScope.threadIds(candidates));
                for (Finding f : candidates) {
                    // whoever holds a thread can interrupt it: held here, each would look wakeable to the proof
                    all.add(f.detached());
                }
            }
        }
        Set<String> keys = new LinkedHashSet<>(subjects);
        keys.addAll(LineageScope.holderKeys(all));
        List<String> asked = List.copyOf(keys);
        boolean proveWaits = waits || all.stream().anyMatch(LineageScope::provable);
        ProvenWaits proof = asking.dump(all, asked, proveWaits, own);
        last = new Shared(asked, proof, proveWaits, waits(all), asking.holder());
        int[] positions = new int[subjects.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = asked.indexOf(subjects.get(i));
        }
        return proof.forSubjects(positions);
    }

    /** The waits of {@code leaks} by key, as they are now. */
    private static Map<String, BlockedOn> waits(List<Finding> leaks) {
        Map<String, BlockedOn> waits = new HashMap<>();
        for (Finding f : leaks) {
            if (f.leak().blockedOn() != null) {
                waits.put(f.key(), f.leak().blockedOn());
            }
        }
        return waits;
    }

    @Override
    public void close() {
        last = null;
        for (LineageScope member : members) {
            if (member.sharing() == this) {
                member.share(null);
            }
        }
    }
}
