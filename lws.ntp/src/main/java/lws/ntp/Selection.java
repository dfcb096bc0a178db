package lws.ntp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the system offset from several servers (RFC 5905 section 11.2): the intersection algorithm
 * (Marzullo) finds the largest set of servers whose correctness intervals
 * [offset − distance, offset + distance] share a point, allowing fewer than half to be falsetickers;
 * the clustering step then drops the survivor farthest from the others while more than three remain
 * and that improves agreement; the survivors' offsets are combined weighted by 1 / distance. Stateless.
 */
final class Selection {
    /** The clustering step keeps at least this many survivors. */
    static final int MIN_SURVIVORS = 3;

    private Selection() {
    }

    /**
     * A server with a current sample.
     *
     * @param id the server's label
     * @param offsetNanos its filtered offset
     * @param distanceNanos its root distance (half-width of its correctness interval), positive
     * @param jitterNanos its jitter
     */
    record Candidate(String id, long offsetNanos, long distanceNanos, long jitterNanos) {
    }

    /**
     * The chosen system time.
     *
     * @param systemPeer the survivor with the smallest distance (its stratum and refid are the system's)
     * @param offsetNanos the combined offset
     * @param jitterNanos the system jitter (spread of the survivors around the system peer, with its jitter)
     * @param survivors the survivors of intersection and clustering, system peer included
     * @param falsetickers candidates outside the intersection
     * @param outliers candidates dropped by clustering
     */
    record Result(Candidate systemPeer, long offsetNanos, long jitterNanos, List<Candidate> survivors,
            List<Candidate> falsetickers, List<Candidate> outliers) {
        /** Copies the lists. */
        Result {
            survivors = List.copyOf(survivors);
            falsetickers = List.copyOf(falsetickers);
            outliers = List.copyOf(outliers);
        }
    }

    private record Edge(long value, int type) {
    }

    /**
     * @param candidates the servers with current samples
     * @return the selection, or empty when there is no candidate or no majority agrees
     */
    static Optional<Result> select(List<Candidate> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return Optional.empty();
        }
        List<Edge> edges = new ArrayList<>(2 * n);
        for (Candidate c : candidates) {
            edges.add(new Edge(c.offsetNanos() - c.distanceNanos(), -1));
            edges.add(new Edge(c.offsetNanos() + c.distanceNanos(), +1));
        }
        // Ascending, lower edges first at equal values: intervals that touch do overlap.
        edges.sort(Comparator.comparingLong(Edge::value).thenComparingInt(Edge::type));
        for (int falsetickers = 0; 2 * falsetickers < n; falsetickers++) {
            int needed = n - falsetickers;
            Long low = sweep(edges, needed, true);
            Long high = sweep(edges, needed, false);
            if (low != null && high != null && low <= high) {
                return Optional.of(cluster(candidates, low, high));
            }
        }
        return Optional.empty();
    }

    private static Long sweep(List<Edge> edges, int needed, boolean fromLow) {
        int count = 0;
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(fromLow ? i : edges.size() - 1 - i);
            count += fromLow ? -e.type() : e.type();
            if (count >= needed) {
                return e.value();
            }
        }
        return null;
    }

    private static Result cluster(List<Candidate> candidates, long low, long high) {
        List<Candidate> survivors = new ArrayList<>();
        List<Candidate> falsetickers = new ArrayList<>();
        for (Candidate c : candidates) {
            boolean overlaps = c.offsetNanos() - c.distanceNanos() <= high && c.offsetNanos() + c.distanceNanos() >= low;
            (overlaps ? survivors : falsetickers).add(c);
        }
        List<Candidate> outliers = new ArrayList<>();
        while (survivors.size() > MIN_SURVIVORS) {
            Candidate worst = null;
            double worstJitter = -1;
            long minPeerJitter = Long.MAX_VALUE;
            for (Candidate c : survivors) {
                double j = selectionJitter(c, survivors);
                if (j > worstJitter) {
                    worstJitter = j;
                    worst = c;
                }
                minPeerJitter = Math.min(minPeerJitter, c.jitterNanos());
            }
            if (worstJitter <= minPeerJitter) {
                break;
            }
            survivors.remove(worst);
            outliers.add(worst);
        }
        Candidate systemPeer = survivors.stream().min(Comparator.comparingLong(Candidate::distanceNanos)).orElseThrow();
        double weights = 0;
        double weighted = 0;
        double spread = 0;
        for (Candidate c : survivors) {
            double w = 1.0 / Math.max(1, c.distanceNanos());
            weights += w;
            weighted += w * c.offsetNanos();
            double d = c.offsetNanos() - systemPeer.offsetNanos();
            spread += w * d * d;
        }
        double peerJitter = systemPeer.jitterNanos();
        long jitter = Math.round(Math.sqrt(spread / weights + peerJitter * peerJitter));
        return new Result(systemPeer, Math.round(weighted / weights), jitter, survivors, falsetickers, outliers);
    }

    private static double selectionJitter(Candidate c, List<Candidate> all) {
        double sum = 0;
        for (Candidate other : all) {
            double d = c.offsetNanos() - other.offsetNanos();
            sum += d * d;
        }
        return Math.sqrt(sum / (all.size() - 1));
    }
}
