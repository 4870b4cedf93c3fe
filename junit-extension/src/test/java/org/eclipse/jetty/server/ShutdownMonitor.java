package org.eclipse.jetty.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Jetty's {@code ShutdownMonitor}, where every started server is listed, in a static
 * holder's list, until it is stopped. Not Jetty's code: the shape the extension must recognise.
 */
public final class ShutdownMonitor {

    private final List<Server> lifeCycles = new CopyOnWriteArrayList<>();

    static final class Holder {
        static ShutdownMonitor instance = new ShutdownMonitor();
    }

    private ShutdownMonitor() {
    }

    /** Stops every server still listed: what a test's cleanup does for the servers a fixture lost. */
    public static void stopAll() throws InterruptedException {
        for (Server server : Holder.instance.lifeCycles) {
            server.stop();
        }
    }

    /** A server with one thread of its own, listed in the monitor while it runs, as Jetty's {@code Server.doStart} does. */
    public static final class Server {
        private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        private final Thread acceptor;

        public Server(String name) {
            acceptor = new Thread(this::serve, name);
        }

        public Server start() {
            Holder.instance.lifeCycles.add(this);
            acceptor.start();
            return this;
        }

        public void stop() throws InterruptedException {
            Holder.instance.lifeCycles.remove(this);
            acceptor.interrupt();
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        }

        private void serve() {
            try {
                while (true) {
                    jobs.take().run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped
            }
        }
    }
}
