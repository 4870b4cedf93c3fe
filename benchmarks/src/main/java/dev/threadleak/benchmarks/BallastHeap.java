package dev.threadleak.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The JVM whose heap {@link HeapProofCost} proves: {@code args[1]} MB of live ballast, object
 * graphs shaped like an application's (maps of string keys to records that hold lists of items,
 * back references, text and a few primitive arrays), {@value #LEAKED} threads each parked on a
 * queue only it can see, and {@value #SERVED} parked on a queue a static field holds. It dumps
 * its live heap to {@code args[0]}, prints {@code live=BYTES leaked=TID,TID,...} and exits.
 */
public final class BallastHeap {

    static final int LEAKED = 100;
    static final int SERVED = 100;

    /** Reachable from a static field: its takers can still be woken. */
    static final BlockingQueue<Object> SHARED = new LinkedBlockingQueue<>();
    static final List<Map<String, Order>> BALLAST = new ArrayList<>();

    /** An application's record: a name, items, a parent. */
    static final class Order {
        final long id;
        final String name;
        final List<Item> items = new ArrayList<>();
        final Order parent;
        final int[] quantities;

        Order(long id, Order parent) {
            this.id = id;
            this.name = "order-" + id;
            this.parent = parent;
            this.quantities = new int[4];
        }
    }

    static final class Item {
        final Order order;
        final String sku;
        final double price;
        Item next;

        Item(Order order, String sku, double price) {
            this.order = order;
            this.sku = sku;
            this.price = price;
        }
    }

    private BallastHeap() {
    }

    public static void main(String[] args) throws Exception {
        String dump = args[0];
        long target = Long.parseLong(args[1]) << 20;
        String leaked = startThreads();
        fill(target);
        awaitParked();
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump, true);
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("live=" + live + " leaked=" + leaked);
    }

    /**
     * Starts the threads and answers the ids of the leaked ones. In a method of its own, so that no
     * frame of {@code main} holds a {@code Thread} (a handle would let an interrupt end the wait).
     */
    private static String startThreads() throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(LEAKED + SERVED);
        StringBuilder leaked = new StringBuilder();
        for (int i = 0; i < LEAKED + SERVED; i++) {
            boolean leaks = i < LEAKED;
            Thread t = new Thread(() -> {
                BlockingQueue<Object> queue = leaks ? new SynchronousQueue<>() : SHARED;
                parked.countDown();
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, (leaks ? "leaked-" : "served-") + i);
            t.setDaemon(true);
            t.start();
            if (leaks) {
                leaked.append(leaked.length() == 0 ? "" : ",").append(t.getId());
            }
        }
        parked.await();
        return leaked.toString();
    }

    private static void awaitParked() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            while (t.getName().matches("(leaked|served)-\\d+") && t.getState() != Thread.State.WAITING) {
                Thread.sleep(1); // a park is no event to wait on
            }
        }
    }

    /** Adds ballast until the heap in use after a full GC reaches {@code target} bytes. */
    private static void fill(long target) {
        long id = 0;
        while (true) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= target) {
                return;
            }
            // about 600 bytes an order: add half of what is missing, in maps of 1,000
            long orders = Math.max(1000, (target - used) / 600 / 2);
            for (long n = 0; n < orders; n += 1000) {
                Map<String, Order> map = new HashMap<>();
                Order parent = null;
                for (int k = 0; k < 1000; k++, id++) {
                    Order o = new Order(id, parent);
                    Item previous = null;
                    for (int j = 0; j < 4; j++) {
                        Item item = new Item(o, "sku-" + (id * 4 + j), j * 1.5);
                        if (previous != null) {
                            previous.next = item;
                        }
                        previous = item;
                        o.items.add(item);
                    }
                    map.put(o.name, o);
                    parent = k % 10 == 0 ? o : parent;
                }
                BALLAST.add(map);
            }
        }
    }
}
