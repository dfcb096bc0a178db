package lws.system;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * An unbounded multi-producer single-consumer queue of tasks that allocates one array chunk per
 * {@value #CHUNK_SIZE} elements instead of one node per element (the measured weak point of
 * {@code ConcurrentLinkedQueue}): a pending task costs one reference slot.
 *
 * <p>Producers claim a global index with one atomic increment, find the chunk that holds it (linking
 * a new chunk when they are the first to need it) and publish the element with a release store. The
 * single consumer reads slots in index order.
 *
 * <p><b>Holes.</b> A slot claimed but not yet published belongs to a producer that is still inside
 * {@link #offer}, between its claim and its store, and maybe preempted there for milliseconds. That
 * producer has claimed nothing after it, so every later slot belongs to other producers: the consumer
 * skips it (remembers it as a hole, at most {@value #MAX_HOLES}) and goes on with the later slots,
 * instead of waiting. Elements from one producer are still polled in the order it offered them: before
 * it returns a published element, the consumer polls any hole that has been published since (a hole
 * of that element's producer would have been published before that element was even claimed). With no
 * later claimed slot, or no room for another hole, {@link #poll()} returns null while
 * {@link #isEmpty()} is false.
 *
 * <p>Invariant that keeps the chunk walk forward-only: {@link #producerChunk} only moves to a chunk
 * whose first index has been claimed; a producer reads it <em>before</em> claiming, so its own index
 * is never below that chunk's base.
 *
 * <p>Closing adds a high bit to the producer index in the same atomic step producers use to claim: a
 * producer whose claimed index carries the bit knows the queue closed before its claim and refuses the
 * element, and every element claimed before the close is still delivered. No element is lost and none
 * is accepted after the close, without an extra atomic per offer.
 *
 * <p>Threading: {@link #offer} from any thread; {@link #close()}, {@link #poll} and
 * {@link #isEmpty()} from the consumer.
 */
final class TaskQueue<E> {
    static final int CHUNK_SIZE = 1024;
    /** Most unpublished slots the consumer skips at once (one per producer preempted inside offer). */
    static final int MAX_HOLES = 16;
    /** Added to the producer index by {@link #close()}: indices claimed past it are refused. */
    private static final long CLOSED = 1L << 62;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(TaskQueue.class, "producerIndex", long.class);
            PRODUCER_CHUNK = lookup.findVarHandle(TaskQueue.class, "producerChunk", Chunk.class);
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A fixed run of slots; {@code base} is the global index of slot 0. */
    private static final class Chunk {
        final long base;
        final Object[] slots = new Object[CHUNK_SIZE];
        volatile Chunk next;

        Chunk(long base) {
            this.base = base;
        }
    }

    // Consumer fields, then padding so producers' CAS traffic does not share their cache line.
    private Chunk consumerChunk;
    private long consumerIndex;
    private long closedAt;
    /** Skipped slots, oldest first: the chunk's slot array and the offset in it. */
    private final Object[][] holeSlots = new Object[MAX_HOLES][];
    private final int[] holeOffsets = new int[MAX_HOLES];
    private int holes;
    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07, p08;
    private volatile long producerIndex;
    @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07, q08;
    private volatile Chunk producerChunk;

    TaskQueue() {
        Chunk first = new Chunk(0);
        consumerChunk = first;
        producerChunk = first;
    }

    /**
     * Appends an element. Any thread.
     *
     * @param element the element, not null
     * @return false if the queue was closed (the element is not queued)
     */
    boolean offer(E element) {
        Chunk chunk = producerChunk; // read before claiming: see the class invariant
        long index = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        if (index >= CLOSED) {
            return false;
        }
        publish(chunk, index, element);
        return true;
    }

    /**
     * Claims a slot as {@link #offer} does and returns what publishes into it: a test seam modelling a
     * producer preempted between the two steps. Any thread.
     *
     * @return the publishing action, or null if the queue was closed
     */
    Consumer<E> claimForTest() {
        Chunk chunk = producerChunk;
        long index = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        return index >= CLOSED ? null : element -> publish(chunk, index, element);
    }

    private void publish(Chunk chunk, long index, Object element) {
        if (index >= chunk.base + CHUNK_SIZE) {
            Chunk start = chunk;
            do {
                chunk = nextOf(chunk);
            } while (index >= chunk.base + CHUNK_SIZE);
            PRODUCER_CHUNK.compareAndSet(this, start, chunk);
        }
        SLOT.setRelease(chunk.slots, (int) (index - chunk.base), element);
    }

    /**
     * Refuses every later offer; elements offered before stay to be polled. Idempotent; consumer thread
     * only.
     */
    void close() {
        long index = producerIndex;
        while (index < CLOSED) {
            if (PRODUCER_INDEX.compareAndSet(this, index, index + CLOSED)) {
                closedAt = index;
                return;
            }
            index = producerIndex;
        }
    }

    /** @return true once {@link #close()} was called */
    boolean isClosed() {
        return producerIndex >= CLOSED;
    }

    /** @return the number of indices claimed by accepted offers; consumer thread only */
    private long accepted() {
        long index = producerIndex;
        return index >= CLOSED ? closedAt : index;
    }

    private static Chunk nextOf(Chunk chunk) {
        Chunk next = chunk.next;
        if (next == null) {
            Chunk fresh = new Chunk(chunk.base + CHUNK_SIZE);
            next = NEXT.compareAndSet(chunk, null, fresh) ? fresh : chunk.next;
        }
        return next;
    }

    /**
     * Removes the oldest published element. Consumer thread only.
     *
     * @return the element, or null if none is published yet
     */
    @SuppressWarnings("unchecked")
    E poll() {
        if (holes > 0) {
            E filled = pollHole();
            if (filled != null) {
                return filled;
            }
        }
        while (true) {
            long index = consumerIndex;
            Chunk chunk = consumerChunk;
            int offset = (int) (index - chunk.base);
            if (offset == CHUNK_SIZE) {
                Chunk next = chunk.next;
                if (next == null) {
                    return null;
                }
                consumerChunk = chunk = next;
                offset = 0;
            }
            Object element = SLOT.getAcquire(chunk.slots, offset);
            if (element != null) {
                if (holes > 0) {
                    // Seen after this element's release store: a hole of the same producer is filled now.
                    E filled = pollHole();
                    if (filled != null) {
                        return filled; // the element stays in its slot for the next poll
                    }
                }
                chunk.slots[offset] = null;
                consumerIndex = index + 1;
                return (E) element;
            }
            if (index + 1 >= accepted() || holes == MAX_HOLES) {
                return null; // empty, or the unpublished slot is the last claimed one, or no room
            }
            holeSlots[holes] = chunk.slots;
            holeOffsets[holes] = offset;
            holes++;
            consumerIndex = index + 1;
        }
    }

    /** @return the element of the oldest hole that has been published since, or null */
    @SuppressWarnings("unchecked")
    private E pollHole() {
        for (int i = 0; i < holes; i++) {
            Object[] slots = holeSlots[i];
            Object element = SLOT.getAcquire(slots, holeOffsets[i]);
            if (element != null) {
                slots[holeOffsets[i]] = null;
                System.arraycopy(holeSlots, i + 1, holeSlots, i, holes - i - 1);
                System.arraycopy(holeOffsets, i + 1, holeOffsets, i, holes - i - 1);
                holes--;
                holeSlots[holes] = null;
                return (E) element;
            }
        }
        return null;
    }

    /** @return true if no element is claimed or published beyond those consumed; consumer thread only */
    boolean isEmpty() {
        return holes == 0 && consumerIndex == accepted();
    }

    /** @return the number of elements offered and not yet polled (approximate under contention) */
    long size() {
        long index = producerIndex;
        return Math.max(0, (index >= CLOSED ? index - CLOSED : index) - consumerIndex) + holes;
    }
}
