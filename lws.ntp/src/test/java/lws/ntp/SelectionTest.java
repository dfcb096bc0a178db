package lws.ntp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectionTest {
    private static final long MS = 1_000_000L;

    private static Selection.Candidate c(String id, double offsetMs, double distanceMs) {
        return c(id, offsetMs, distanceMs, 0.1);
    }

    private static Selection.Candidate c(String id, double offsetMs, double distanceMs, double jitterMs) {
        return new Selection.Candidate(id, (long) (offsetMs * MS), (long) (distanceMs * MS), (long) (jitterMs * MS));
    }

    @Test
    void oneServerIsItsOwnSelection() {
        Selection.Result r = Selection.select(List.of(c("a", 3, 10))).orElseThrow();
        assertEquals("a", r.systemPeer().id());
        assertEquals(3 * MS, r.offsetNanos());
    }

    @Test
    void noCandidateNoSelection() {
        assertTrue(Selection.select(List.of()).isEmpty());
    }

    @Test
    void rejectsTheFalsetickerOfThree() {
        Selection.Result r = Selection.select(List.of(c("a", 0, 10), c("b", 2, 10), c("bad", 500, 10))).orElseThrow();
        assertEquals(List.of("bad"), r.falsetickers().stream().map(Selection.Candidate::id).toList());
        assertEquals(2, r.survivors().size());
        assertTrue(Math.abs(r.offsetNanos() - MS) <= MS, "offset between the truechimers: " + r.offsetNanos());
    }

    @Test
    void twoDisagreeingServersHaveNoMajority() {
        assertTrue(Selection.select(List.of(c("a", 0, 10), c("b", 500, 10))).isEmpty());
    }

    @Test
    void clusteringDropsTheFarthestSurvivorWhileMoreThanThreeRemain() {
        // All five intervals overlap (wide distances), but "far" sits 40 ms away from the others; once it
        // is gone the spread (1.6 ms at most) is below the servers' own 2 ms jitter and clustering stops.
        Selection.Result r = Selection.select(List.of(c("a", 0, 100, 2), c("b", 1, 100, 2), c("c", -1, 100, 2),
                c("d", 0.5, 100, 2), c("far", 40, 100, 2))).orElseThrow();
        assertEquals(List.of("far"), r.outliers().stream().map(Selection.Candidate::id).toList());
        assertEquals(4, r.survivors().size());
    }

    @Test
    void clusteringKeepsAtLeastThreeSurvivors() {
        Selection.Result r = Selection.select(List.of(c("a", 0, 100), c("b", 10, 100), c("c", -10, 100),
                c("d", 20, 100), c("e", -20, 100))).orElseThrow();
        assertEquals(3, r.survivors().size());
        assertEquals(2, r.outliers().size());
    }

    @Test
    void systemPeerIsTheSurvivorWithTheSmallestDistance() {
        Selection.Result r = Selection.select(List.of(c("a", 0, 30), c("b", 1, 12), c("c", 2, 20))).orElseThrow();
        assertEquals("b", r.systemPeer().id());
    }
}
