package lws.system;

import java.util.Arrays;

/**
 * A binary min-heap of {@link LoopTimer}s by deadline, then by scheduling order, with O(log n) removal
 * of any timer (each timer knows its index). Loop thread only.
 */
final class TimerHeap {
    private LoopTimer[] heap = new LoopTimer[16];
    private int size;

    int size() {
        return size;
    }

    LoopTimer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(LoopTimer timer) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, timer);
    }

    LoopTimer poll() {
        if (size == 0) {
            return null;
        }
        LoopTimer first = heap[0];
        removeAt(0);
        return first;
    }

    void remove(LoopTimer timer) {
        int i = timer.heapIndex;
        if (i >= 0 && i < size && heap[i] == timer) {
            removeAt(i);
        }
    }

    private void removeAt(int i) {
        LoopTimer removed = heap[i];
        removed.heapIndex = -1;
        LoopTimer last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftDown(i, last);
            if (heap[i] == last) {
                siftUp(i, last);
            }
        }
    }

    private void siftUp(int i, LoopTimer timer) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            LoopTimer p = heap[parent];
            if (!timer.runsBefore(p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, timer);
    }

    private void siftDown(int i, LoopTimer timer) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].runsBefore(heap[child])) {
                child = right;
            }
            if (!heap[child].runsBefore(timer)) {
                break;
            }
            place(i, heap[child]);
            i = child;
        }
        place(i, timer);
    }

    private void place(int i, LoopTimer timer) {
        heap[i] = timer;
        timer.heapIndex = i;
    }

    /** Empties the heap and returns what it held. */
    LoopTimer[] drain() {
        LoopTimer[] all = Arrays.copyOf(heap, size);
        for (LoopTimer t : all) {
            t.heapIndex = -1;
        }
        Arrays.fill(heap, 0, size, null);
        size = 0;
        return all;
    }
}
