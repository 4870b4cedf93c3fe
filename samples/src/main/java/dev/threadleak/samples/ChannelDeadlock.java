package dev.threadleak.samples;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Lesson 10, a deadlock through queues: the order service waits for a payment before it sends
 * the order, and the payment service waits for an order before it sends a payment. Neither
 * holds a lock, so {@code ThreadMXBean.findDeadlockedThreads} sees nothing. The fix sends the
 * order first, then waits for its payment.
 */
final class ChannelDeadlock implements Scenario {

    static final String ORDER_SERVICE = "order-service";
    static final String PAYMENT_SERVICE = "payment-service";

    @Override
    public String name() {
        return "channel-deadlock";
    }

    @Override
    public String description() {
        return "two threads each wait on a queue that only the other would feed (lesson 10)";
    }

    @Override
    public void runLeaky(PrintStream out) throws InterruptedException {
        Queues queues = new Queues();
        startService(ORDER_SERVICE, () -> awaitPaymentThenOrder(queues));
        startService(PAYMENT_SERVICE, () -> chargeOneOrder(queues));
        ParkedThreads.await(ORDER_SERVICE, PAYMENT_SERVICE);
        out.println("main: " + ORDER_SERVICE + " waits on payments, " + PAYMENT_SERVICE
                + " waits on orders; both in take(), forever");
    }

    @Override
    public void runFixed(PrintStream out) throws InterruptedException {
        Queues queues = new Queues();
        Thread orders = startService(ORDER_SERVICE, () -> orderThenAwaitPayment(queues));
        Thread payments = startService(PAYMENT_SERVICE, () -> chargeOneOrder(queues));
        orders.join();
        payments.join();
        out.println("fixed: " + ORDER_SERVICE + " sent its order first, got paid, and both services ended");
    }

    /** Where both services are started: a report shows both members of the cycle created here. */
    private static Thread startService(String name, Interruptible body) {
        Thread service = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        service.start();
        return service;
    }

    /** The bug: waits for a payment for an order it has not sent yet. */
    private static void awaitPaymentThenOrder(Queues queues) throws InterruptedException {
        queues.payments.take();
        queues.orders.put("order-42");
    }

    private static void orderThenAwaitPayment(Queues queues) throws InterruptedException {
        queues.orders.put("order-42");
        queues.payments.take();
    }

    private static void chargeOneOrder(Queues queues) throws InterruptedException {
        String order = queues.orders.take();
        queues.payments.put("payment for " + order);
    }

    /** The two queues between the services, one each way. */
    private static final class Queues {
        final BlockingQueue<String> orders = new ArrayBlockingQueue<>(1);
        final BlockingQueue<String> payments = new ArrayBlockingQueue<>(1);
    }

    @FunctionalInterface
    private interface Interruptible {
        void run() throws InterruptedException;
    }
}
