package dev.threadleak.junit;

/**
 * Thread ids as a clock. Every {@link Thread}, platform or virtual, takes the next id when it is
 * constructed, and ids are never reused; so "started during the test" is "id above the one
 * taken when the test began", with no list of threads kept and no cost per thread.
 */
final class ThreadIds {

    private ThreadIds() {
    }

    /**
     * Takes an id: constructs a thread that is never started. No name counter moves (it is
     * named), no thread-locals are copied, and on JDK 19+ nothing registers it anywhere.
     */
    static long next() {
        return new Thread(null, null, "threadleak-id", 0, false).getId();
    }
}
