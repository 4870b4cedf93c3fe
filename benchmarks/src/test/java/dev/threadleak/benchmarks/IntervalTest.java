package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void aRatioIsJudgedRoundByRoundSoCommonLoadCancels() {
        // the load doubles in the second round and triples in the third: each round's ratio is 1.02
        Interval ratio = Interval.ratio(List.of(102.0, 204.0, 306.0), List.of(100.0, 200.0, 300.0));
        assertEquals(1.02, ratio.estimate(), 1e-9);
        assertEquals(1.02, ratio.low(), 1e-9);
        assertEquals(1.02, ratio.high(), 1e-9);
    }

    @Test
    void aRatiosIntervalIsTheIntervalOfItsLogarithms() {
        Interval ratio = Interval.ratio(List.of(110.0, 100.0, 105.0, 120.0), List.of(100.0, 100.0, 100.0, 100.0));
        // geometric mean of 1.10, 1.00, 1.05, 1.20
        assertEquals(Math.pow(1.10 * 1.00 * 1.05 * 1.20, 0.25), ratio.estimate(), 1e-9);
        assertTrue(ratio.low() < 1.0 && ratio.high() > 1.15, ratio.toString());
        // not symmetric: a ratio's interval is wider above
        assertTrue(ratio.high() - ratio.estimate() > ratio.estimate() - ratio.low(), ratio.toString());
    }

    @Test
    void roundsOnlyOneSideMeasuredArePassedOver() {
        Interval ratio = Interval.ratio(List.of(100.0, 110.0, 120.0), List.of(100.0, Double.NaN, 100.0));
        assertEquals(2, ratio.rounds());
    }

    @Test
    void oneRoundHasNoInterval() {
        Interval ratio = Interval.ratio(List.of(103.0), List.of(100.0));
        assertFalse(ratio.hasWidth());
        assertEquals(1.03, ratio.estimate(), 1e-9);
    }

    @Test
    void manyRoundsOfADifferenceGiveAMedianThatOneOutlierDoesNotMove() {
        List<Double> agent = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            none.add(300.0 + i);
            agent.add(350.0 + i + (i == 7 ? 5_000 : 0)); // one launch hit by a burst of load
        }
        Interval difference = Interval.difference(agent, none, true);
        assertEquals(50, difference.estimate(), 1e-9);
        assertEquals(50, difference.low(), 1e-9);
        assertEquals(50, difference.high(), 1e-9);
    }

    @Test
    void aDifferenceOfMeansStaysAMeanHoweverManyRoundsItGets() {
        List<Double> agent = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            none.add(100.0);
            agent.add(i == 0 ? 160.0 : 130.0);
        }
        assertEquals(32.5, Interval.difference(agent, none, false).estimate(), 1e-9);
        assertEquals(30, Interval.difference(agent, none, true).estimate(), 1e-9);
    }

    @Test
    void aMediansIntervalIsBetweenOrderStatisticsThatCoverIt() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            values.add((double) i);
        }
        Interval median = Interval.median(values);
        // n = 30 at 99%: x(8) and x(23)
        assertEquals(8, median.low(), 1e-9);
        assertEquals(23, median.high(), 1e-9);
        assertEquals(15.5, median.estimate(), 1e-9);
        assertFalse(Interval.median(List.of(1.0, 2.0, 3.0)).hasWidth()); // too few for 99%
    }
}
