package dev.threadleak.benchmarks;

import static dev.threadleak.benchmarks.AgentConfig.EMPTY_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.NO_AGENT;
import static dev.threadleak.benchmarks.AgentConfig.THREADLEAK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.benchmarks.InterleavedRounds.Sample;
import dev.threadleak.benchmarks.InterleavedRounds.Step;
import dev.threadleak.benchmarks.InterleavedRounds.Summary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stopping rule, on made-up measurements and a made-up clock (each step "takes" ten seconds):
 * what rounds run, of which configurations, and when they stop.
 */
class InterleavedRoundsTest {

    private static final String ROW = JmhPart.PLATFORM_ROW;
    private static final Target LIMITED = Target.ratio(ROW, THREADLEAK, NO_AGENT, 1.10);
    private static final Target CONTEXT = Target.ratio(ROW, THREADLEAK, EMPTY_AGENT, Double.NaN);
    private static final long STEP_NANOS = Duration.ofSeconds(10).toNanos();

    private final CostTable table = new CostTable(List.of(NO_AGENT, EMPTY_AGENT, THREADLEAK), List.of(JmhPart.PLATFORM));
    private final List<String> calls = new ArrayList<>(); // "round column", in the order they ran
    private long now;

    @Test
    void aRowDecidedAfterItsMinimumRoundsGetsNoMore() throws Exception {
        // threadleak is 1.00x no agent every round: ok at once
        int rounds = rounds(3, Duration.ofSeconds(90)).run(steps(round -> 100.0, round -> 100.0));

        assertEquals(3, rounds);
        assertEquals(Target.Verdict.OK, table.verdict(LIMITED));
        assertEquals(9, calls.size());
    }

    @Test
    void anUndecidedRowGetsRoundsUntilItsTargetIsDecidedAndNotOneMore() throws Exception {
        // 1.00x and 1.06x by turns, against 1.10: within noise on 3 rounds, ok some rounds later
        int rounds = rounds(3, Duration.ofHours(1)).run(steps(round -> 100.0, round -> round % 2 == 0 ? 100.0 : 106.0));

        assertEquals(Target.Verdict.OK, table.verdict(LIMITED));
        assertTrue(rounds > 3, "rounds " + rounds);
        List<Double> threadleak = table.get(ROW, THREADLEAK).orElseThrow().rounds();
        List<Double> none = table.get(ROW, NO_AGENT).orElseThrow().rounds();
        assertEquals(rounds, threadleak.size());
        // one round fewer was still within noise: it stopped at the first round that decided it
        Interval before = Interval.ratio(threadleak.subList(0, rounds - 1), none.subList(0, rounds - 1));
        assertEquals(Target.Verdict.WITHIN_NOISE, LIMITED.judge(before));
    }

    @Test
    void extraRoundsRunOnlyTheConfigurationsAnUndecidedTargetCompares() throws Exception {
        int rounds = rounds(3, Duration.ofHours(1)).run(steps(round -> 100.0, round -> round % 2 == 0 ? 100.0 : 106.0));

        // the empty agent is only context: it ran in the first 3 rounds, and sat out the rest
        assertEquals(3, calls.stream().filter(call -> call.endsWith(EMPTY_AGENT)).count());
        assertEquals(rounds, calls.stream().filter(call -> call.endsWith(NO_AGENT)).count());
        assertEquals(3, table.get(ROW, EMPTY_AGENT).orElseThrow().rounds().size());
        assertTrue(table.interval(CONTEXT).isPresent());
    }

    @Test
    void aRowThatStaysWithinNoiseStopsWhenItsExtraTimeIsSpent() throws Exception {
        // 1.05x and 1.15x by turns, against 1.10: never decided
        int rounds = rounds(3, Duration.ofSeconds(60)).run(steps(round -> 100.0, round -> round % 2 == 0 ? 105.0 : 115.0));

        assertEquals(Target.Verdict.WITHIN_NOISE, table.verdict(LIMITED));
        // an extra round is two steps, 20 s: after 20, 40 and 60 s the 60 s are spent
        assertEquals(3 + 3, rounds);
    }

    @Test
    void noExtraRoundStartsOnceTheRunsTimeForThemIsUp() throws Exception {
        // the run's deadline falls 50 s in: the 3 minimum rounds take 90 s, so no extra round starts
        int rounds = rounds(3, Duration.ofSeconds(90), Duration.ofSeconds(50).toNanos())
                .run(steps(round -> 100.0, round -> round % 2 == 0 ? 105.0 : 115.0));

        assertEquals(3, rounds);
        assertEquals(Target.Verdict.WITHIN_NOISE, table.verdict(LIMITED));
    }

    @Test
    void noExtraTimeMeansTheMinimumRoundsOnly() throws Exception {
        int rounds = rounds(3, Duration.ZERO).run(steps(round -> 100.0, round -> round % 2 == 0 ? 105.0 : 115.0));

        assertEquals(3, rounds);
        assertEquals(Target.Verdict.WITHIN_NOISE, table.verdict(LIMITED));
    }

    @Test
    void theOrderRotatesEachRound() throws Exception {
        rounds(3, Duration.ZERO).run(steps(round -> 100.0, round -> 100.0));

        assertEquals(List.of("0 " + NO_AGENT, "0 " + EMPTY_AGENT, "0 " + THREADLEAK,
                "1 " + THREADLEAK, "1 " + NO_AGENT, "1 " + EMPTY_AGENT,
                "2 " + EMPTY_AGENT, "2 " + THREADLEAK, "2 " + NO_AGENT), calls);
    }

    @Test
    void warmupRoundsRunEveryConfigurationAndAreDropped() throws Exception {
        // the warm-up round is slow everywhere (a cold file cache); the measured rounds are 1.00x
        InterleavedRounds rounds = new InterleavedRounds("test", table, List.of(LIMITED, CONTEXT), Summary.MEDIAN, 1, 2,
                Duration.ZERO, Long.MAX_VALUE, () -> now, quiet());
        int measured = rounds.run(steps(round -> round == 0 ? 900.0 : 100.0, round -> round == 0 ? 500.0 : 100.0));

        assertEquals(2, measured);
        assertEquals(9, calls.size());
        assertEquals(List.of(100.0, 100.0), table.get(ROW, THREADLEAK).orElseThrow().rounds());
        assertTrue(table.get(ROW, THREADLEAK).orElseThrow().median());
    }

    private InterleavedRounds rounds(int minRounds, Duration extraTime) {
        return rounds(minRounds, extraTime, Long.MAX_VALUE);
    }

    private InterleavedRounds rounds(int minRounds, Duration extraTime, long extraDeadline) {
        return new InterleavedRounds("test", table, List.of(LIMITED, CONTEXT), Summary.MEAN, 0, minRounds, extraTime,
                extraDeadline, () -> now, quiet());
    }

    /** No agent and the empty agent measure {@code base}, threadleak {@code measured}; each step takes 10 s. */
    private List<Step> steps(Value base, Value measured) {
        Map<String, Value> values = Map.of(NO_AGENT, base, EMPTY_AGENT, base, THREADLEAK, measured);
        return List.of(NO_AGENT, EMPTY_AGENT, THREADLEAK).stream().map(column -> new Step(column, round -> {
            calls.add(round + " " + column);
            now += STEP_NANOS;
            return List.of(new Sample(ROW, values.get(column).at(round), "us"));
        })).toList();
    }

    @FunctionalInterface
    private interface Value {
        double at(int round);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
